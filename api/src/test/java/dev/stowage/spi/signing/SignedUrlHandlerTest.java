package dev.stowage.spi.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handler against a scripted driver: what a link holder is told, and from which call. */
class SignedUrlHandlerTest {

  private static final byte[] CURRENT = "0123456789".getBytes(UTF_8);

  private final ScriptedDriver driver = new ScriptedDriver();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServer server;
  private HmacUrlSigner signer;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files");
    signer =
        new HmacUrlSigner(
            Secret.of("0123456789abcdef0123456789abcdef"), base, "test", Clock.systemUTC());
    server.createContext("/files", new SignedUrlHandler(driver, signer, 1000));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<byte[]> get(PresignRequest request, String range) throws Exception {
    PresignedRequest signed = signer.sign(request);
    HttpRequest.Builder b = HttpRequest.newBuilder(signed.uri()).timeout(Duration.ofSeconds(30));
    if (range != null) {
      b.header("Range", range);
    }
    b.method(request.method().name(), HttpRequest.BodyPublishers.noBody());
    return http.send(b.build(), BodyHandlers.ofByteArray());
  }

  @Test
  @DisplayName(
      "A GET takes length, type and ETag from the one download call, not from a stale stat")
  void headersFromTheOpenedObject() throws Exception {
    HttpResponse<byte[]> response = get(PresignRequest.get("k.zip", Duration.ofMinutes(1)), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(CURRENT);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(response.headers().firstValue("ETag")).hasValue("\"current\"");
    assertThat(driver.calls).containsExactly("download k.zip");
  }

  @Test
  @DisplayName("A ranged GET answers 206 with the range the download call opened")
  void rangeFromTheOpenedObject() throws Exception {
    HttpResponse<byte[]> response =
        get(PresignRequest.get("k.zip", Duration.ofMinutes(1)), "bytes=2-4");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(new String(response.body(), UTF_8)).isEqualTo("234");
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
    assertThat(driver.calls).containsExactly("download k.zip");
  }

  @Test
  @DisplayName(
      "A range past the end answers 416 with the size a stat reports after the failed open")
  void unsatisfiableRange() throws Exception {
    HttpResponse<byte[]> response =
        get(PresignRequest.get("k.zip", Duration.ofMinutes(1)), "bytes=20-");

    assertThat(response.statusCode()).isEqualTo(416);
    // Once the ranged open failed, only a stat can tell the size: this driver's says 5.
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */5");
    assertThat(driver.calls).containsExactly("download k.zip", "stat k.zip");
  }

  @Test
  @DisplayName(
      "Every answer says nosniff; an inline one forbids scripts by CSP, an attachment needs none")
  void noSniffAndCsp() throws Exception {
    HttpResponse<byte[]> inline = get(PresignRequest.get("k.zip", Duration.ofMinutes(1)), null);
    assertThat(inline.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(inline.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; sandbox");

    HttpResponse<byte[]> attachment =
        get(
            PresignRequest.get("k.zip", Duration.ofMinutes(1)).toBuilder()
                .downloadFilename("k.zip")
                .build(),
            null);
    assertThat(attachment.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");
    assertThat(attachment.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(attachment.headers().firstValue("Content-Security-Policy")).isEmpty();

    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/files/k?x=1"))
                .build(),
            BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "NOT_FOUND, 404, Not found",
    "PERMISSION_DENIED, 403, Forbidden",
    "UNAVAILABLE, 503, Storage unavailable",
    "INVALID_KEY, 400, Bad request",
    "UNEXPECTED, 500, Storage error"
  })
  @DisplayName("A link holder sees a status and a generic text, never the driver's message")
  void driverMessagesStayOnTheServer(Code code, int status, String text) throws Exception {
    driver.failure =
        () -> StorageException.of(code, "I/O error on /srv/shop/secret-root/k.zip: EIO");
    for (PresignRequest request :
        List.of(
            PresignRequest.get("k.zip", Duration.ofMinutes(1)),
            PresignRequest.builder(dev.stowage.HttpMethod.DELETE, "k.zip", Duration.ofMinutes(1))
                .build())) {
      HttpResponse<byte[]> response = get(request, null);
      assertThat(response.statusCode()).isEqualTo(status);
      assertThat(new String(response.body(), UTF_8)).isEqualTo(text);
    }
  }

  @Test
  @DisplayName("An unexpected runtime failure is a bare 500")
  void runtimeFailure() throws Exception {
    driver.failure = () -> new IllegalStateException("/srv/shop/secret-root broke");
    HttpResponse<byte[]> response = get(PresignRequest.get("k.zip", Duration.ofMinutes(1)), null);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(new String(response.body(), UTF_8)).isEqualTo("Storage error");
  }

  /**
   * The object was replaced between a stat and an open: stat still describes the old 5-byte HTML
   * file, download opens the new 10-byte zip. Only the download's own info is true.
   */
  private static final class ScriptedDriver implements StorageDriver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Supplier<RuntimeException> failure;

    private void call(String call) {
      calls.add(call);
      if (failure != null) {
        throw failure.get();
      }
    }

    @Override
    public Capabilities capabilities() {
      return Capabilities.builder().rangedReads(true).build();
    }

    @Override
    public String location() {
      return "scripted";
    }

    @Override
    public ObjectInfo stat(String key) {
      call("stat " + key);
      return ObjectInfo.builder(key)
          .size(5)
          .lastModified(Instant.EPOCH)
          .contentType("text/html")
          .etag("\"stale\"")
          .build();
    }

    @Override
    public ObjectContent download(String key, ByteRange range) {
      call("download " + key);
      ObjectInfo info =
          ObjectInfo.builder(key)
              .size(CURRENT.length)
              .lastModified(Instant.EPOCH)
              .contentType("application/zip")
              .etag("\"current\"")
              .build();
      if (range == null) {
        return ObjectContent.whole(info, new ByteArrayInputStream(CURRENT));
      }
      long[] span = range.resolve(CURRENT.length);
      int length = (int) (span[1] - span[0] + 1);
      return new ObjectContent(
          info, new ByteArrayInputStream(CURRENT, (int) span[0], length), span[0], length);
    }

    @Override
    public void delete(String key) {
      call("delete " + key);
    }

    @Override
    public ObjectInfo upload(UploadRequest request, UploadSource source) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public ObjectPage list(String prefix, String startAfter, int limit) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public HardeningReport harden(HardeningPolicy policy) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public ConnectionReport verify(VerifyRequest request) {
      throw new UnsupportedOperationException("not used here");
    }
  }
}
