package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.ByteRange;
import dev.stowage.ObjectContent;
import dev.stowage.StorageException;
import dev.stowage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Download bodies whose length the server does not say, or gets wrong: read to the end when no
 * length is given, and fail (never truncate silently) when the body and its length disagree.
 */
class S3DownloadLengthWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final byte[] BODY = body(100_000);

  private Store store;

  @BeforeEach
  void open() {
    store = WireS3.open(WM);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] body(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  @Test
  @DisplayName("a chunked answer without Content-Length is read to its end, not as 0 bytes")
  void chunkedWithoutLengthIsReadToTheEnd() {
    WM.stubFor(
        get(urlPathEqualTo("/shop/big.bin"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withBody(BODY)
                    .withChunkedDribbleDelay(8, 40)));

    try (ObjectContent content = store.download("big.bin")) {
      assertThat(content.length()).isEqualTo(ObjectContent.UNKNOWN_LENGTH);
      assertThat(content.readAllBytes()).isEqualTo(BODY);
    }
    assertThat(
            WM.getAllServeEvents()
                .get(0)
                .getResponse()
                .getHeaders()
                .getHeader("Content-Length")
                .isPresent())
        .as("the answer carried no Content-Length")
        .isFalse();
  }

  @Test
  @DisplayName("a body cut short of its Content-Length fails the read")
  void bodyCutShortFails() {
    WM.stubFor(
        get(urlPathEqualTo("/shop/short.bin"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("Content-Length", String.valueOf(BODY.length))
                    .withBody(Arrays.copyOf(BODY, 1000))));

    assertThatThrownBy(
            () -> {
              try (ObjectContent content = store.download("short.bin")) {
                content.stream().readAllBytes();
              }
            })
        .isInstanceOfAny(IOException.class, UncheckedIOException.class, StorageException.class);
  }

  @Test
  @DisplayName("a range whose Content-Range disagrees with its Content-Length fails")
  void rangeLongerThanItsContentRangeFails() {
    WM.stubFor(
        get(urlPathEqualTo("/shop/range.bin"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("Content-Range", "bytes 0-9/100000")
                    .withHeader("Content-Length", "20")
                    .withBody(Arrays.copyOf(BODY, 20))));

    assertThatThrownBy(() -> store.download("range.bin", ByteRange.of(0, 9)).close())
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((StorageException) e).code())
        .isEqualTo(StorageException.Code.UNAVAILABLE);
  }

  @Test
  @DisplayName("a chunked range that goes on past its Content-Range fails the read")
  void chunkedRangeLongerThanItsContentRangeFails() {
    WM.stubFor(
        get(urlPathEqualTo("/shop/range.bin"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withHeader("Content-Range", "bytes 0-9/100000")
                    .withBody(Arrays.copyOf(BODY, 20))
                    .withChunkedDribbleDelay(2, 20)));

    assertThatThrownBy(
            () -> {
              try (ObjectContent content = store.download("range.bin", ByteRange.of(0, 9))) {
                assertThat(content.length()).isEqualTo(10);
                content.stream().readAllBytes();
              }
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("past its 10 bytes");
  }
}
