package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.DriverConfig;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Create-only writes whose first attempt stored the object but lost its answer (a reset, a 5xx):
 * the SDK's retry is refused with 412, and only the write token on the key tells our own object
 * from a concurrent writer's, even one with the very same bytes.
 */
class S3CreateOnlyRecoveryWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final String TOKEN_HEADER = "x-amz-meta-stowage-write-token";
  private static final int MIB = 1024 * 1024;

  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  /** Whose object the key holds once the first attempt has gone through. */
  enum Writer {
    US,
    SOMEONE_ELSE
  }

  /**
   * When the first PutObject or CompleteMultipartUpload goes out, the key comes to hold an object
   * with {@code body}'s MD5 as ETag: ours (our token) or a concurrent writer's (same bytes, their
   * token).
   */
  private static final class FirstAttemptStores implements ExecutionInterceptor {
    private final Writer writer;
    private final byte[] body;
    private final AtomicReference<String> token = new AtomicReference<>();
    private final AtomicBoolean stored = new AtomicBoolean();

    FirstAttemptStores(Writer writer, byte[] body) {
      this.writer = writer;
      this.body = body;
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      context.httpRequest().firstMatchingHeader(TOKEN_HEADER).ifPresent(token::set);
      if ((operation.equals("PutObject") || operation.equals("CompleteMultipartUpload"))
          && stored.compareAndSet(false, true)) {
        WM.stubFor(
            head(urlPathEqualTo("/shop/a.bin"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("ETag", "\"" + md5(body) + "\"")
                        .withHeader("Content-Length", String.valueOf(body.length))
                        .withHeader("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT")
                        .withHeader(
                            TOKEN_HEADER,
                            writer == Writer.US
                                ? String.valueOf(token.get())
                                : "0123456789abcdef")));
      }
    }

    String token() {
      return token.get();
    }
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private Store open(ExecutionInterceptor interceptor) {
    store =
        Store.open(
            new S3DriverProvider(List.of(interceptor)),
            DriverConfig.builder()
                .set(S3DriverProvider.BUCKET, WireS3.BUCKET)
                .set(S3DriverProvider.ENDPOINT, WM.baseUrl())
                .set(S3DriverProvider.REGION, "us-east-1")
                .set(S3DriverProvider.PART_SIZE, "5MiB")
                .set(S3DriverProvider.PARTS_IN_FLIGHT, "2")
                .set(S3DriverProvider.MULTIPART_THRESHOLD, "1MiB")
                .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE")
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE")
                .build(),
            TestConfigs.loopback());
    return store;
  }

  private static ResponseDefinitionBuilder lostAnswer(boolean reset) {
    return reset
        ? aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)
        : WireS3.error(500, "InternalError");
  }

  /** PUT: the first attempt's answer is lost, the retry is refused with 412. */
  private static void stubPut(boolean reset) {
    WM.stubFor(
        put(urlPathEqualTo("/shop/a.bin"))
            .inScenario("put")
            .whenScenarioStateIs(STARTED)
            .willReturn(lostAnswer(reset))
            .willSetStateTo("stored"));
    WM.stubFor(
        put(urlPathEqualTo("/shop/a.bin"))
            .inScenario("put")
            .whenScenarioStateIs("stored")
            .willReturn(WireS3.error(412, "PreconditionFailed")));
  }

  /** Multipart: parts go up, the first Complete's answer is lost, the retry gets 412. */
  private static void stubMultipart(boolean reset) {
    WM.stubFor(
        post(urlPathEqualTo("/shop/a.bin"))
            .withQueryParam("uploads", matching(".*"))
            .willReturn(
                WireS3.xml(
                    "<InitiateMultipartUploadResult><Bucket>shop</Bucket><Key>a.bin</Key>"
                        + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    WM.stubFor(
        put(urlPathEqualTo("/shop/a.bin"))
            .withQueryParam("partNumber", matching("\\d+"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
    WM.stubFor(
        post(urlPathEqualTo("/shop/a.bin"))
            .withQueryParam("uploadId", equalTo("up-1"))
            .withQueryParam("uploads", absent())
            .inScenario("complete")
            .whenScenarioStateIs(STARTED)
            .willReturn(lostAnswer(reset))
            .willSetStateTo("stored"));
    WM.stubFor(
        post(urlPathEqualTo("/shop/a.bin"))
            .withQueryParam("uploadId", equalTo("up-1"))
            .withQueryParam("uploads", absent())
            .inScenario("complete")
            .whenScenarioStateIs("stored")
            .willReturn(WireS3.error(412, "PreconditionFailed")));
    WM.stubFor(delete(urlPathEqualTo("/shop/a.bin")).willReturn(aResponse().withStatus(204)));
  }

  private static UploadRequest createOnly() {
    return UploadRequest.builder("a.bin").createOnly(true).build();
  }

  @Test
  @DisplayName("PUT: a 5xx after storing, then 412 on the retry: our token on the key, our success")
  void putAnswerLostIsOurSuccess() {
    byte[] body = bytes(1000);
    stubPut(false);
    FirstAttemptStores server = new FirstAttemptStores(Writer.US, body);

    ObjectInfo info = open(server).upload(createOnly(), body);

    assertThat(info.etag()).contains("\"" + md5(body) + "\"");
    assertThat(info.metadata()).as("the token is the driver's, not the user's").isEmpty();
    assertThat(server.token()).hasSize(32);
    assertThat(WireS3.requests(WM)).filteredOn(r -> r.startsWith("PUT")).hasSize(2);
  }

  @Test
  @DisplayName("PUT: a reset after storing, then 412 on the retry: our success")
  void putConnectionResetIsOurSuccess() {
    byte[] body = bytes(1000);
    stubPut(true);

    ObjectInfo info = open(new FirstAttemptStores(Writer.US, body)).upload(createOnly(), body);

    assertThat(info.size()).isEqualTo(1000);
  }

  @Test
  @DisplayName("PUT: a concurrent writer's identical bytes under the key are ALREADY_EXISTS")
  void putConcurrentWriterWithSameBytesIsAlreadyExists() {
    byte[] body = bytes(1000);
    stubPut(false);

    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                open(new FirstAttemptStores(Writer.SOMEONE_ELSE, body)).upload(createOnly(), body));

    assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
  }

  @Test
  @DisplayName(
      "Complete: a 5xx after completing, then 412 on the retry: our token on the key, our success")
  void completeAnswerLostIsOurSuccess() {
    byte[] body = bytes(6 * MIB);
    stubMultipart(false);

    ObjectInfo info = open(new FirstAttemptStores(Writer.US, body)).upload(createOnly(), body);

    assertThat(info.size()).isEqualTo(body.length);
    assertThat(WireS3.requests(WM))
        .filteredOn(r -> r.startsWith("POST /shop/a.bin?uploadId"))
        .hasSize(2);
    assertThat(WireS3.requests(WM)).noneMatch(r -> r.startsWith("DELETE"));
  }

  @Test
  @DisplayName("Complete: a reset after completing, then 412 on the retry: our success")
  void completeConnectionResetIsOurSuccess() {
    byte[] body = bytes(6 * MIB);
    stubMultipart(true);

    ObjectInfo info = open(new FirstAttemptStores(Writer.US, body)).upload(createOnly(), body);

    assertThat(info.size()).isEqualTo(body.length);
  }

  @Test
  @DisplayName("Complete: a concurrent writer's object under the key is ALREADY_EXISTS")
  void completeConcurrentWriterIsAlreadyExists() {
    byte[] body = bytes(6 * MIB);
    stubMultipart(false);

    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                open(new FirstAttemptStores(Writer.SOMEONE_ELSE, body)).upload(createOnly(), body));

    assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
  }

  @Test
  @DisplayName("user metadata may not take the token's name")
  void tokenNameIsReserved() {
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                open(new FirstAttemptStores(Writer.US, new byte[1]))
                    .upload(
                        UploadRequest.builder("a.bin").metadata("stowage-write-token", "x").build(),
                        new byte[1]));

    assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(WireS3.requests(WM)).isEmpty();
  }
}
