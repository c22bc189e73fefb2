package dev.stowage.r2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stowage.DriverConfig;
import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * What R2 receives, on the wire: bodies as they are (no {@code aws-chunked} encoding, no {@code
 * x-amz-checksum-*} or {@code x-amz-sdk-checksum-algorithm} headers), no ACL headers, requests
 * signed for region {@code auto}, multipart parts of one size, and the endpoint of the bucket's
 * jurisdiction.
 */
class R2RequestShapeWireTest {

  @RegisterExtension static final WireMockExtension WM = WireR2.extension();

  private static final int MIB = 1024 * 1024;
  private static final String KEY = "/" + WireR2.BUCKET + "/big.bin";

  /** Headers R2 refuses or does not implement; none may reach it on an upload. */
  private static void assertPlainUpload(LoggedRequest r) {
    String what = r.getMethod() + " " + r.getUrl();
    for (HttpHeader h : r.getHeaders().all()) {
      String name = h.key().toLowerCase(Locale.ROOT);
      assertThat(name)
          .as(what + ": checksum and ACL headers")
          .doesNotStartWith("x-amz-checksum-")
          .isNotEqualTo("x-amz-sdk-checksum-algorithm")
          .isNotEqualTo("x-amz-trailer")
          .isNotEqualTo("x-amz-decoded-content-length")
          .isNotEqualTo("x-amz-acl")
          .doesNotStartWith("x-amz-grant-");
    }
    assertThat(r.containsHeader("Content-Encoding") ? r.getHeader("Content-Encoding") : "")
        .as(what + ": Content-Encoding")
        .doesNotContain("aws-chunked");
    assertThat(r.getHeader("x-amz-content-sha256"))
        .as(what + ": the payload hash is the body's (or UNSIGNED-PAYLOAD), not a streaming one")
        .doesNotStartWith("STREAMING-");
    assertThat(r.getHeader("Authorization"))
        .as(what + ": signed for region auto")
        .contains("/auto/s3/aws4_request");
  }

  private static void multipartStubs() {
    WM.stubFor(
        post(urlMatching(KEY.replace(".", "\\.") + "\\?uploads=?"))
            .willReturn(
                WireR2.xml(
                    "<InitiateMultipartUploadResult xmlns=\""
                        + WireR2.NS
                        + "\"><Bucket>shop</Bucket><Key>big.bin</Key><UploadId>UP1</UploadId>"
                        + "</InitiateMultipartUploadResult>")));
    WM.stubFor(
        put(urlPathEqualTo(KEY))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
    WM.stubFor(
        post(urlPathEqualTo(KEY))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(
                WireR2.xml(
                    "<CompleteMultipartUploadResult xmlns=\""
                        + WireR2.NS
                        + "\"><Bucket>shop</Bucket><Key>big.bin</Key><ETag>\"whole-3\"</ETag>"
                        + "</CompleteMultipartUploadResult>")));
    WM.stubFor(
        delete(urlPathEqualTo(KEY))
            .withQueryParam("uploadId", equalTo("UP1"))
            .willReturn(aResponse().withStatus(204)));
  }

  /** The sizes of the parts sent, in part-number order. */
  private static List<Integer> partSizes() {
    return WireR2.requests(WM).stream()
        .filter(r -> r.getMethod().getName().equals("PUT") && r.getUrl().contains("partNumber="))
        .sorted(
            java.util.Comparator.comparingInt(
                r -> Integer.parseInt(r.queryParameter("partNumber").firstValue())))
        .map(r -> r.getBody().length)
        .toList();
  }

  private static Store multipartStore() {
    return WireR2.open(
        WM,
        c ->
            c.set(R2DriverProvider.PART_SIZE, "5MiB")
                .set(R2DriverProvider.MULTIPART_THRESHOLD, "5MiB")
                .set(R2DriverProvider.PARTS_IN_FLIGHT, "2"));
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  @DisplayName(
      "A single PUT goes as plain bytes: no aws-chunked encoding, no checksum or ACL headers,"
          + " signed for region auto, path-style")
  void singlePut() {
    WM.stubFor(
        put(urlPathEqualTo("/shop/docs/a.txt"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    byte[] body = random(70_000);
    try (Store store = WireR2.open(WM)) {
      store.upload(UploadRequest.builder("docs/a.txt").metadata("sku", "A-1").build(), body);
    }
    LoggedRequest put = WireR2.requests(WM).get(0);
    assertPlainUpload(put);
    assertThat(put.getBody()).isEqualTo(body);
    assertThat(put.getHeader("Content-Length")).isEqualTo(String.valueOf(body.length));
    assertThat(put.getHeader("x-amz-meta-sku")).isEqualTo("A-1");
  }

  @Test
  @DisplayName(
      "A multipart upload of known length sends parts of one size and a smaller last part, each"
          + " without checksums or aws-chunked encoding")
  void equalPartsKnownLength() {
    multipartStubs();
    byte[] body = random(12 * MIB + 5);
    try (Store store = multipartStore()) {
      assertThat(store.upload(UploadRequest.of("big.bin"), body).size()).isEqualTo(body.length);
    }
    assertThat(partSizes()).containsExactly(5 * MIB, 5 * MIB, 2 * MIB + 5);
    WireR2.requests(WM).forEach(R2RequestShapeWireTest::assertPlainUpload);
  }

  @Test
  @DisplayName(
      "A stream of unknown length that arrives in small, uneven reads still goes up in parts of"
          + " one size: every part but the last is full")
  void equalPartsFromTrickle() {
    multipartStubs();
    byte[] body = random(11 * MIB + 3);
    InputStream trickle =
        new FilterInputStream(new ByteArrayInputStream(body)) {
          private int n;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            // 1 to 8191 bytes at a time, as a slow network would hand them over.
            return super.read(b, off, Math.min(len, 1 + (n++ * 7919) % 8191));
          }
        };
    try (Store store = multipartStore()) {
      assertThat(store.upload(UploadRequest.of("big.bin"), trickle).size()).isEqualTo(body.length);
    }
    assertThat(partSizes()).containsExactly(5 * MIB, 5 * MIB, MIB + 3);
    WireR2.requests(WM).forEach(R2RequestShapeWireTest::assertPlainUpload);
  }

  @Test
  @DisplayName(
      "An ACL set on a request through the driver's own SDK client is removed before R2 sees it")
  void aclHeadersNeverSent() {
    WM.stubFor(
        put(urlPathEqualTo("/shop/public.txt"))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    try (Store store = WireR2.open(WM)) {
      store
          .unwrap(R2StorageDriver.class)
          .client()
          .putObject(
              b ->
                  b.bucket(WireR2.BUCKET)
                      .key("public.txt")
                      .acl(ObjectCannedACL.PUBLIC_READ)
                      .grantRead("id=someone"),
              RequestBody.fromString("x"));
    }
    assertPlainUpload(WireR2.requests(WM).get(0));
  }

  /**
   * Records the scheme, host and port each request was addressed to, then sends it to WireMock
   * instead. (The SDK adds the bucket to a path-style path after this point: WireMock sees it.)
   */
  private static final class RedirectToWireMock implements ExecutionInterceptor {
    final List<URI> addressed = new CopyOnWriteArrayList<>();

    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest r = context.httpRequest();
      addressed.add(
          URI.create(r.protocol() + "://" + r.host() + (r.port() == 443 ? "" : ":" + r.port())));
      return r.toBuilder().protocol("http").host("127.0.0.1").port(WM.getPort()).build();
    }
  }

  @ParameterizedTest(name = "jurisdiction ''{0}''")
  @CsvSource(
      value = {
        "'', https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com",
        "eu, https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com",
        "fedramp, https://0123456789abcdef0123456789abcdef.fedramp.r2.cloudflarestorage.com",
        "us, https://0123456789abcdef0123456789abcdef.us.r2.cloudflarestorage.com"
      })
  @DisplayName(
      "Requests and presigned URLs go to the account's endpoint for the jurisdiction, path-style")
  void endpointPerJurisdiction(String jurisdiction, String endpoint) {
    WM.stubFor(
        head(urlPathEqualTo("/shop/docs/a.txt"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Length", "3")
                    .withHeader("ETag", "\"e\"")));
    WM.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
    RedirectToWireMock redirect = new RedirectToWireMock();
    // No endpoint override: the driver derives it from the account and jurisdiction.
    DriverConfig config =
        WireR2.accountConfig().set(R2DriverProvider.JURISDICTION, jurisdiction).build();
    try (Store store = WireR2.open(config, List.of(redirect))) {
      assertThat(store.stat("docs/a.txt").size()).isEqualTo(3);
      assertThat(store.unwrap(R2StorageDriver.class).endpoint()).isEqualTo(URI.create(endpoint));
      URI presigned =
          store
              .presign(
                  PresignRequest.builder(HttpMethod.GET, "docs/a.txt", Duration.ofMinutes(5))
                      .build())
              .uri();
      assertThat(presigned.toString()).startsWith(endpoint + "/shop/docs/a.txt?");
      assertThat(presigned.getRawQuery()).contains("%2Fauto%2Fs3%2Faws4_request");
    }
    assertThat(redirect.addressed).containsExactly(URI.create(endpoint));
    assertThat(WireR2.requests(WM))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getUrl()).as("path-style").isEqualTo("/shop/docs/a.txt");
              assertThat(r.getHeader("Authorization")).contains("/auto/s3/aws4_request");
            });
  }
}
