package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.BucketInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bucket admin on the wire: the CreateBucket body, and the answers only AWS gives. */
class S3BucketAdminWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final String NEW = "/new-bucket";

  private static StorageException fails(ThrowingCallable call) {
    StorageException e = catchThrowableOfType(StorageException.class, call);
    assertThat(e).as("a StorageException").isNotNull();
    return e;
  }

  @Test
  @DisplayName("A bucket outside us-east-1 is created with exactly its LocationConstraint")
  void locationConstraint() {
    WM.stubFor(put(urlEqualTo(NEW)).willReturn(ok()));
    try (Store store = WireS3.open(WM)) {
      BucketInfo created = store.buckets().create("new-bucket", "eu-west-1");
      assertThat(created.name()).isEqualTo("new-bucket");
      assertThat(created.region()).contains("eu-west-1");
    }
    WM.verify(
        1,
        putRequestedFor(urlEqualTo(NEW))
            .withRequestBody(
                equalToXml(
                    "<CreateBucketConfiguration xmlns=\""
                        + WireS3.NS
                        + "\"><LocationConstraint>eu-west-1</LocationConstraint>"
                        + "</CreateBucketConfiguration>")));
  }

  @Test
  @DisplayName("A bucket in us-east-1 is created with no body: S3 refuses a us-east-1 constraint")
  void usEast1HasNoBody() {
    WM.stubFor(put(urlEqualTo(NEW)).willReturn(ok()));
    try (Store store = WireS3.open(WM)) {
      assertThat(store.buckets().create("new-bucket").region()).contains("us-east-1");
      store.buckets().create("new-bucket", "us-east-1");
    }
    assertThat(WM.findAll(putRequestedFor(urlEqualTo(NEW))))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getBody()).isEmpty());
  }

  @Test
  @DisplayName("The connection's region is the default: a store in eu-central-1 names it")
  void defaultRegionIsTheConnections() {
    WM.stubFor(put(urlEqualTo(NEW)).willReturn(ok()));
    try (Store store = WireS3.open(WM, "eu-central-1")) {
      assertThat(store.buckets().create("new-bucket").region()).contains("eu-central-1");
    }
    WM.verify(
        putRequestedFor(urlEqualTo(NEW))
            .withRequestBody(
                equalToXml(
                    "<CreateBucketConfiguration xmlns=\""
                        + WireS3.NS
                        + "\"><LocationConstraint>eu-central-1</LocationConstraint>"
                        + "</CreateBucketConfiguration>")));
  }

  @Test
  @DisplayName(
      "BucketAlreadyExists and BucketAlreadyOwnedByYou are both ALREADY_EXISTS, with messages that"
          + " tell them apart")
  void alreadyExists() {
    WM.stubFor(
        put(urlEqualTo("/taken-bucket"))
            .willReturn(
                WireS3.error(
                    409,
                    "BucketAlreadyExists",
                    "The requested bucket name is not available.",
                    "<BucketName>taken-bucket</BucketName>")));
    WM.stubFor(
        put(urlEqualTo("/my-bucket"))
            .willReturn(
                WireS3.error(
                    409,
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already"
                        + " own it.",
                    "<BucketName>my-bucket</BucketName>")));
    try (Store store = WireS3.open(WM)) {
      StorageException someoneElses = fails(() -> store.buckets().create("taken-bucket"));
      assertThat(someoneElses.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(someoneElses.getMessage()).contains("taken by another account");
      assertThat(someoneElses.bucket()).isEqualTo("taken-bucket");
      assertThat(someoneElses.requestId()).isEqualTo("WIREMOCKREQ1");
      assertThat(someoneElses.retryable()).isFalse();

      StorageException mine = fails(() -> store.buckets().create("my-bucket"));
      assertThat(mine.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(mine.getMessage()).contains("you already own it");
      assertThat(mine.getMessage()).doesNotContain("another account");
      assertThat(mine.bucket()).isEqualTo("my-bucket");
    }
  }

  @Test
  @DisplayName("A 301 PermanentRedirect names the region from x-amz-bucket-region")
  void permanentRedirect() {
    WM.stubFor(
        put(urlEqualTo(NEW))
            .willReturn(
                WireS3.error(
                        301,
                        "PermanentRedirect",
                        "The bucket you are attempting to access must be addressed using the"
                            + " specified endpoint. Please send all future requests to this"
                            + " endpoint.",
                        "<Endpoint>new-bucket.s3.eu-central-1.amazonaws.com</Endpoint>"
                            + "<Bucket>new-bucket</Bucket>")
                    .withHeader("x-amz-bucket-region", "eu-central-1")));
    try (Store store = WireS3.open(WM)) {
      StorageException e = fails(() -> store.buckets().create("new-bucket"));
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getMessage()).contains("PermanentRedirect").contains("eu-central-1");
      assertThat(e.bucket()).isEqualTo("new-bucket");
    }
  }

  @Test
  @DisplayName("A 400 AuthorizationHeaderMalformed names the region the endpoint expects")
  void authorizationHeaderMalformed() {
    WM.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(
                WireS3.error(
                    400,
                    "AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the region 'us-east-1' is wrong;"
                        + " expecting 'eu-west-2'",
                    "<Region>eu-west-2</Region>")));
    try (Store store = WireS3.open(WM)) {
      StorageException e = fails(() -> store.buckets().list());
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getMessage())
          .contains("AuthorizationHeaderMalformed")
          .contains("region eu-west-2; set 'region' to it");
    }
  }

  @Test
  @DisplayName("Listing buckets follows continuation tokens and keeps dates and regions")
  void listPages() {
    WM.stubFor(
        get(urlEqualTo("/"))
            .willReturn(
                WireS3.xml(
                    "<ListAllMyBucketsResult xmlns=\""
                        + WireS3.NS
                        + "\"><Buckets><Bucket><Name>alpha</Name>"
                        + "<CreationDate>2024-01-02T03:04:05.000Z</CreationDate>"
                        + "<BucketRegion>eu-west-1</BucketRegion></Bucket></Buckets>"
                        + "<ContinuationToken>page2</ContinuationToken>"
                        + "</ListAllMyBucketsResult>")));
    WM.stubFor(
        get(urlPathEqualTo("/"))
            .withQueryParam("continuation-token", equalTo("page2"))
            .willReturn(
                WireS3.xml(
                    "<ListAllMyBucketsResult xmlns=\""
                        + WireS3.NS
                        + "\"><Buckets><Bucket><Name>beta</Name>"
                        + "<CreationDate>2025-06-07T08:09:10.000Z</CreationDate></Bucket>"
                        + "</Buckets></ListAllMyBucketsResult>")));
    try (Store store = WireS3.open(WM)) {
      assertThat(store.buckets().list())
          .containsExactly(
              BucketInfo.builder("alpha")
                  .creationDate(Instant.parse("2024-01-02T03:04:05Z"))
                  .region("eu-west-1")
                  .build(),
              BucketInfo.builder("beta")
                  .creationDate(Instant.parse("2025-06-07T08:09:10Z"))
                  .build());
    }
  }

  @Test
  @DisplayName("Listing buckets without permission names s3:ListAllMyBuckets")
  void listDenied() {
    WM.stubFor(
        get(urlPathEqualTo("/"))
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
    try (Store store = WireS3.open(WM)) {
      StorageException e = fails(() -> store.buckets().list());
      assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED);
      assertThat(e.getMessage()).contains("s3:ListAllMyBuckets");
    }
  }

  @Test
  @DisplayName("An invalid name or region sends no request at all")
  void invalidNamesSendNothing() {
    WM.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)));
    try (Store store = WireS3.open(WM)) {
      for (String bad : new String[] {"Shop", "ab", "a..b", "192.168.1.1", "xn--shop", "-shop"}) {
        StorageException e = fails(() -> store.buckets().create(bad));
        assertThat(e.code()).as(bad).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains(bad);
      }
      assertThat(fails(() -> store.buckets().create("good-name", "EU West")).code())
          .isEqualTo(Code.INVALID_ARGUMENT);
    }
    WM.verify(0, anyRequestedFor(anyUrl()));
  }
}
