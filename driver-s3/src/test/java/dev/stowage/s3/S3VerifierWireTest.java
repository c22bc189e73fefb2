package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.ConnectionReport.Status;
import dev.stowage.Feature;
import dev.stowage.Store;
import dev.stowage.VerifyRequest;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code verify} against answers only a real IAM setup gives: a key without list permission. */
class S3VerifierWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final String PROBES = "/" + WireS3.BUCKET + "/\\.stowage-verify/.+";

  /** A bucket in us-east-1 where objects can be written, read back and deleted. */
  private static void workingObjects() {
    WM.stubFor(
        head(urlPathEqualTo("/" + WireS3.BUCKET))
            .willReturn(
                aResponse().withStatus(200).withHeader("x-amz-bucket-region", "us-east-1")));
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"probe\"")));
    // The probe's body is "stowage verify probe <key>": echo it from the request path.
    WM.stubFor(
        get(urlPathMatching(PROBES))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("stowage verify probe .stowage-verify/{{request.pathSegments.[2]}}")
                    .withTransformers("response-template")));
    WM.stubFor(delete(urlPathMatching(PROBES)).willReturn(aResponse().withStatus(204)));
  }

  @Test
  @DisplayName(
      "A key without list permission fails only the List check, whose hint names s3:ListBucket on"
          + " the bucket; the probes still run and are cleaned up")
  void listDenied() {
    workingObjects();
    WM.stubFor(
        get(urlPathEqualTo("/" + WireS3.BUCKET))
            .withQueryParam("list-type", equalTo("2"))
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify();
      assertThat(report.failures())
          .as("checks: %s", report.checks())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("List");
                assertThat(c.hint()).contains("s3:ListBucket").contains("arn:aws:s3:::shop");
              });
      assertThat(report.checks())
          .extracting(Check::name)
          .containsExactly("Credentials", "List", "Bucket", "Write", "Read", "Delete", "Clock");
    }
    WM.verify(1, deleteRequestedFor(urlPathMatching(PROBES)));
  }

  @Test
  @DisplayName("A key without write permission fails the Write check, hint naming s3:PutObject")
  void writeDenied() {
    workingObjects();
    WM.stubFor(
        get(urlPathEqualTo("/" + WireS3.BUCKET))
            .withQueryParam("list-type", equalTo("2"))
            .willReturn(
                WireS3.xml(
                    "<ListBucketResult xmlns=\""
                        + WireS3.NS
                        + "\"><Name>shop</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys>"
                        + "<IsTruncated>false</IsTruncated></ListBucketResult>")));
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .atPriority(1)
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
    try (Store store = WireS3.open(WM)) {
      assertThat(store.verify().failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Write");
                assertThat(c.hint()).contains("s3:PutObject").contains("arn:aws:s3:::shop/*");
              });
    }
  }

  // ---- least privilege: checks for what the connection is used for ------------------------------

  /** AWS's answer to a key without s3:ListBucket asking for a key that does not exist. */
  private static void missingKeysDenied() {
    WM.stubFor(
        get(urlPathMatching(PROBES))
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
  }

  /** Every request but GETs of objects is refused, as for S3Policies.DOWNLOAD_ONLY. */
  private static void onlyObjectGetsAllowed() {
    WM.stubFor(
        any(anyUrl())
            .atPriority(10)
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
  }

  @Test
  @DisplayName(
      "READ only, download-only key: the missing probe key answers 403, so Read is UNCONFIRMED"
          + " (not failed) with how to confirm it; nothing is listed, written or deleted; Write,"
          + " List and Delete are NOT_NEEDED")
  void readOnlyUnconfirmed() {
    onlyObjectGetsAllowed();
    missingKeysDenied();
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(S3Policies.DOWNLOAD_ONLY);
      assertThat(report.ok()).as("checks: %s", report.checks()).isTrue();
      assertThat(report.check("Credentials").orElseThrow().status()).isEqualTo(Status.PASSED);
      Check read = report.check("Read").orElseThrow();
      assertThat(read.status()).isEqualTo(Status.UNCONFIRMED);
      assertThat(read.hint()).contains("readProbeKey").contains("s3:GetObject");
      for (String name : List.of("List", "Write", "Delete")) {
        assertThat(report.check(name).orElseThrow().status()).as(name).isEqualTo(Status.NOT_NEEDED);
      }
    }
    assertThat(WireS3.requests(WM))
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("GET /shop/.stowage-verify/"));
  }

  @Test
  @DisplayName("READ only with list permission: the missing probe key answers 404, Read PASSED")
  void readOnlyWithList() {
    WM.stubFor(
        get(urlPathMatching(PROBES))
            .willReturn(WireS3.error(404, "NoSuchKey", "The specified key does not exist.", "")));
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(EnumSet.of(Feature.READ));
      assertThat(report.check("Read").orElseThrow().status()).isEqualTo(Status.PASSED);
      assertThat(report.ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "READ only with a probe key: a readable object makes Read PASSED; a denied one fails"
          + " naming s3:GetObject on the bucket's objects")
  void readOnlyWithProbeKey() {
    onlyObjectGetsAllowed();
    WM.stubFor(
        get(urlPathEqualTo("/shop/products/app.zip"))
            .willReturn(
                aResponse()
                    .withStatus(206)
                    .withHeader("Content-Range", "bytes 0-0/10")
                    .withBody("x")));
    WM.stubFor(
        get(urlPathEqualTo("/shop/products/secret.zip"))
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
    try (Store store = WireS3.open(WM)) {
      VerifyRequest read = VerifyRequest.of(S3Policies.DOWNLOAD_ONLY);
      ConnectionReport ok = store.verify(read.toBuilder().readProbeKey("products/app.zip").build());
      assertThat(ok.check("Read").orElseThrow().status()).isEqualTo(Status.PASSED);
      assertThat(ok.checks()).noneMatch(c -> c.status() == Status.UNCONFIRMED);

      ConnectionReport denied =
          store.verify(read.toBuilder().readProbeKey("products/secret.zip").build());
      assertThat(denied.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Read");
                assertThat(c.hint()).contains("s3:GetObject on arn:aws:s3:::shop/*");
              });
    }
    assertThat(WireS3.requests(WM)).allMatch(r -> r.startsWith("GET /shop/products/"));
  }

  @Test
  @DisplayName(
      "DELETE only: deleting a probe key that does not exist is denied, and the check names"
          + " s3:DeleteObject; nothing is written")
  void deleteOnlyDenied() {
    onlyObjectGetsAllowed();
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(EnumSet.of(Feature.DELETE));
      assertThat(report.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Delete");
                assertThat(c.hint()).contains("s3:DeleteObject on arn:aws:s3:::shop/*");
              });
    }
    assertThat(WireS3.requests(WM))
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("DELETE /shop/.stowage-verify/"));
  }

  @Test
  @DisplayName("BUCKET_ADMIN: a denied ListBuckets names s3:ListAllMyBuckets on *")
  void bucketAdminDenied() {
    onlyObjectGetsAllowed();
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(EnumSet.of(Feature.BUCKET_ADMIN));
      assertThat(report.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Bucket administration");
                assertThat(c.hint()).contains("s3:ListAllMyBuckets on *");
              });
    }
  }

  @Test
  @DisplayName(
      "READ only with an unknown access key: Credentials FAILED, and nothing more is tried")
  void readOnlyUnknownKey() {
    WM.stubFor(
        get(urlPathMatching(PROBES))
            .willReturn(
                WireS3.error(
                    403,
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.",
                    "")));
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(S3Policies.DOWNLOAD_ONLY);
      assertThat(report.checks())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Credentials");
                assertThat(c.failed()).isTrue();
              });
    }
  }

  @Test
  @DisplayName(
      "WRITE only, a key that may not delete: Write passes, and the one Delete row (NOT_NEEDED)"
          + " names the probe left behind")
  void writeOnlyLeavesProbeNamed() {
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"probe\"")));
    WM.stubFor(
        delete(urlPathMatching(PROBES))
            .willReturn(WireS3.error(403, "AccessDenied", "Access Denied", "")));
    try (Store store = WireS3.open(WM)) {
      ConnectionReport report = store.verify(EnumSet.of(Feature.WRITE));
      assertThat(report.ok()).as("checks: %s", report.checks()).isTrue();
      assertThat(report.checks()).extracting(Check::name).doesNotHaveDuplicates();
      Check delete = report.check("Delete").orElseThrow();
      assertThat(delete.status()).isEqualTo(Status.NOT_NEEDED);
      assertThat(delete.detail()).contains(".stowage-verify/").contains("by hand");
    }
  }
}
