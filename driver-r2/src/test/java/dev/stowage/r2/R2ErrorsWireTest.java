package dev.stowage.r2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** R2's own error codes, as R2 answers them, mapped to codes a caller can act on. */
class R2ErrorsWireTest {

  @RegisterExtension static final WireMockExtension WM = WireR2.extension();

  private static StorageException fails(ThrowingCallable call) {
    StorageException e = catchThrowableOfType(StorageException.class, call);
    assertThat(e).as("a StorageException").isNotNull();
    return e;
  }

  @Test
  @DisplayName(
      "BucketConflict (409) on CreateBucket is ALREADY_EXISTS, saying names are unique per"
          + " account")
  void bucketConflict() {
    WM.stubFor(
        put(urlEqualTo("/taken"))
            .willReturn(WireR2.error(409, "BucketConflict", "Bucket name already exists.")));
    try (Store store = WireR2.open(WM)) {
      StorageException e = fails(() -> store.buckets().create("taken"));
      assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(e.retryable()).isFalse();
      assertThat(e.bucket()).isEqualTo("taken");
      assertThat(e.driverId()).isEqualTo("r2");
      assertThat(e.getMessage()).contains("BucketConflict", "unique within a Cloudflare account");
    }
  }

  @Test
  @DisplayName("TooManyRequests (429) is RATE_LIMITED and retryable")
  void tooManyRequests() {
    WM.stubFor(
        put(urlPathEqualTo("/shop/hot.txt"))
            .willReturn(
                WireR2.error(429, "TooManyRequests", "Reduce your concurrent request rate.")));
    try (Store store = WireR2.open(WM)) {
      StorageException e = fails(() -> store.upload(UploadRequest.of("hot.txt"), new byte[1]));
      assertThat(e.code()).isEqualTo(Code.RATE_LIMITED);
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("TooManyRequests", "one write per second");
    }
  }

  @Test
  @DisplayName(
      "InvalidPart on completing a multipart upload is INVALID_ARGUMENT naming R2's equal-size"
          + " rule, and the upload is aborted")
  void invalidPart() {
    WM.stubFor(
        post(urlMatching("/shop/big\\.bin\\?uploads=?"))
            .willReturn(
                WireR2.xml(
                    "<InitiateMultipartUploadResult xmlns=\""
                        + WireR2.NS
                        + "\"><Bucket>shop</Bucket><Key>big.bin</Key><UploadId>UP1</UploadId>"
                        + "</InitiateMultipartUploadResult>")));
    WM.stubFor(
        put(urlPathEqualTo("/shop/big.bin"))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
    WM.stubFor(
        post(urlPathEqualTo("/shop/big.bin"))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(
                WireR2.error(
                    400, "InvalidPart", "All non-trailing parts must have the same length.")));
    WM.stubFor(
        delete(urlPathEqualTo("/shop/big.bin"))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(aResponse().withStatus(204)));
    try (Store store =
        WireR2.open(
            WM,
            c ->
                c.set(R2DriverProvider.PART_SIZE, "5MiB")
                    .set(R2DriverProvider.MULTIPART_THRESHOLD, "5MiB")
                    .set(R2DriverProvider.PARTS_IN_FLIGHT, "2"))) {
      StorageException e =
          fails(() -> store.upload(UploadRequest.of("big.bin"), new byte[6 * 1024 * 1024]));
      assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains("InvalidPart", "same size");
    }
    WM.verify(
        1,
        deleteRequestedFor(urlPathEqualTo("/shop/big.bin"))
            .withQueryParam("uploadId", equalTo("UP1")));
  }

  @Test
  @DisplayName("NotEntitled (403) is PERMISSION_DENIED, saying R2 is not enabled on the account")
  void notEntitled() {
    WM.stubFor(
        put(urlPathEqualTo("/shop/a.txt"))
            .willReturn(WireR2.error(403, "NotEntitled", "Account not entitled to this feature.")));
    try (Store store = WireR2.open(WM)) {
      StorageException e = fails(() -> store.upload(UploadRequest.of("a.txt"), new byte[1]));
      assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED);
      assertThat(e.getMessage()).contains("R2 subscription");
    }
  }

  @Test
  @DisplayName("A connection failure is UNAVAILABLE and names R2, not S3")
  void noAnswer() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (Store store =
        WireR2.open(WM, c -> c.set(R2DriverProvider.ENDPOINT, "http://127.0.0.1:" + port))) {
      StorageException e = fails(() -> store.stat("a.txt"));
      assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
      assertThat(e.getMessage()).contains("the R2 endpoint did not answer");
    }
  }

  /** A create-only PUT whose first attempt is cut off after R2 stored it; the retry gets 412. */
  private static void storedThenReset() {
    WM.stubFor(
        put(urlPathEqualTo("/shop/once.txt"))
            .inScenario("reset")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("stored"));
    WM.stubFor(
        put(urlPathEqualTo("/shop/once.txt"))
            .inScenario("reset")
            .whenScenarioStateIs("stored")
            .willReturn(
                WireR2.error(
                    412,
                    "PreconditionFailed",
                    "At least one of the pre-conditions you specified did not hold")));
  }

  /** The key's HEAD after the first attempt: "new"'s MD5 as ETag, and a write token. */
  private static void keyHolds(String writeToken) {
    WM.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.head(urlPathEqualTo("/shop/once.txt"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Length", "3")
                    .withHeader("ETag", "\"22af645d1859cb5ca6da0c484f1f37ea\"")
                    .withHeader("x-amz-meta-stowage-write-token", writeToken)));
  }

  @Test
  @DisplayName(
      "A create-only upload whose first attempt stored the object before the connection broke"
          + " succeeds: the retry's 412 is recognised as our own write by its write token")
  void createOnlyRetryOfOwnWrite() {
    storedThenReset();
    // The key comes to hold what the first attempt sent, its token included.
    ExecutionInterceptor firstAttemptStores =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context
                .httpRequest()
                .firstMatchingHeader("x-amz-meta-stowage-write-token")
                .ifPresent(R2ErrorsWireTest::keyHolds);
          }
        };
    try (Store store = WireR2.open(WireR2.config(WM).build(), List.of(firstAttemptStores))) {
      assertThat(
              store
                  .upload(
                      UploadRequest.builder("once.txt").createOnly(true).build(), "new".getBytes())
                  .etag()
                  .orElseThrow())
          .contains("22af645d1859cb5ca6da0c484f1f37ea");
    }
  }

  @Test
  @DisplayName(
      "A create-only upload refused on retry while the key holds a concurrent writer's object,"
          + " even with the same bytes, is ALREADY_EXISTS")
  void createOnlyRetryOfOtherWrite() {
    storedThenReset();
    keyHolds("0123456789abcdef0123456789abcdef");
    try (Store store = WireR2.open(WM)) {
      StorageException e =
          fails(
              () ->
                  store.upload(
                      UploadRequest.builder("once.txt").createOnly(true).build(),
                      "new".getBytes()));
      assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
    }
  }
}
