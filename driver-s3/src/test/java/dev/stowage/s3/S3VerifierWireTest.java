package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import dev.stowage.Store;
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
}
