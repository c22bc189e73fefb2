package dev.stowage.r2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.Feature;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import dev.stowage.Store;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code harden} and {@code verify} in R2's terms, on the wire: only lifecycle and CORS requests
 * are sent, every other setting is UNSUPPORTED with where R2 controls it; and an Object-scoped API
 * token, which may not look at the bucket itself, passes {@code verify}.
 */
class R2HardenAndVerifyWireTest {

  @RegisterExtension static final WireMockExtension WM = WireR2.extension();

  private static final String NS = WireR2.NS;

  private static final HardeningPolicy EVERYTHING =
      HardeningPolicy.recommended().toBuilder()
          .cors(List.of("https://shop.example"))
          .abortIncompleteMultipartAfterDays(3)
          .build();

  private static final String LIFECYCLE =
      "<LifecycleConfiguration xmlns=\""
          + NS
          + "\"><Rule><ID>stowage-abort-incomplete-multipart-uploads</ID>"
          + "<Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
          + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>3</DaysAfterInitiation>"
          + "</AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>";

  private static final String CORS =
      "<CORSConfiguration xmlns=\""
          + NS
          + "\"><CORSRule><ID>stowage-browser-uploads</ID><AllowedHeader>*</AllowedHeader>"
          + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>"
          + "<AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>"
          + "<AllowedOrigin>https://shop.example</AllowedOrigin><ExposeHeader>ETag</ExposeHeader>"
          + "<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>";

  /** Not configured until a PUT with exactly this body arrives; then reads return it. */
  private static void bare(String query, String notFound, String body) {
    String url = "/shop\\?" + query + "=?";
    WM.stubFor(
        get(urlMatching(url))
            .inScenario(query)
            .whenScenarioStateIs(STARTED)
            .willReturn(WireR2.error(404, notFound, "not configured")));
    WM.stubFor(
        put(urlMatching(url))
            .inScenario(query)
            .whenScenarioStateIs(STARTED)
            .withRequestBody(equalToXml(body))
            .willReturn(ok())
            .willSetStateTo("set"));
    WM.stubFor(
        get(urlMatching(url))
            .inScenario(query)
            .whenScenarioStateIs("set")
            .willReturn(WireR2.xml(body)));
  }

  /** Requests that are not about lifecycle or CORS. */
  private static List<String> otherRequests() {
    return WireR2.lines(WM).stream()
        .filter(l -> !l.matches("[A-Z]+ /shop\\?(lifecycle|cors)=?"))
        .toList();
  }

  @Test
  @DisplayName(
      "Harden applies the abort-incomplete-multipart rule and CORS, and reports the other"
          + " settings UNSUPPORTED with where R2 controls them, without a request for them")
  void hardenInR2Terms() {
    bare("lifecycle", "NoSuchLifecycleConfiguration", LIFECYCLE);
    bare("cors", "NoSuchCORSConfiguration", CORS);
    HardeningReport report;
    try (Store store = WireR2.open(WM)) {
      report = store.harden(EVERYTHING);
    }
    assertThat(report.row(HardeningSetting.ABORT_INCOMPLETE_MULTIPART).orElseThrow().status())
        .isEqualTo(Status.APPLIED);
    assertThat(report.row(HardeningSetting.CORS_FOR_BROWSER_UPLOADS).orElseThrow().status())
        .isEqualTo(Status.APPLIED);
    assertThat(report.rows())
        .filteredOn(
            r ->
                r.setting() != HardeningSetting.ABORT_INCOMPLETE_MULTIPART
                    && r.setting() != HardeningSetting.CORS_FOR_BROWSER_UPLOADS)
        .extracting(Row::status)
        .containsOnly(Status.UNSUPPORTED);
    assertThat(report.row(HardeningSetting.BLOCK_PUBLIC_ACCESS).orElseThrow().detail())
        .contains("private by default", "r2.dev", "custom domain", "Cloudflare dashboard");
    assertThat(report.row(HardeningSetting.DEFAULT_ENCRYPTION).orElseThrow().detail())
        .contains("always encrypts", "AES-256-GCM");
    assertThat(report.row(HardeningSetting.BUCKET_OWNER_ENFORCED).orElseThrow().detail())
        .contains("no ACLs");
    assertThat(report.row(HardeningSetting.OWNER_ONLY_PERMISSIONS).orElseThrow().detail())
        .contains("API tokens");
    assertThat(otherRequests()).as("requests beside lifecycle and CORS").isEmpty();
    WM.verify(1, putRequestedFor(urlMatching("/shop\\?lifecycle=?")));
    WM.verify(1, putRequestedFor(urlMatching("/shop\\?cors=?")));
  }

  @Test
  @DisplayName("A dry run reads lifecycle and CORS only, and sends no PUT")
  void dryRun() {
    bare("lifecycle", "NoSuchLifecycleConfiguration", LIFECYCLE);
    bare("cors", "NoSuchCORSConfiguration", CORS);
    try (Store store = WireR2.open(WM)) {
      HardeningReport report = store.harden(EVERYTHING.toBuilder().dryRun(true).build());
      assertThat(report.row(HardeningSetting.ABORT_INCOMPLETE_MULTIPART).orElseThrow().status())
          .isEqualTo(Status.NOT_SET);
    }
    assertThat(WireR2.lines(WM)).allMatch(l -> l.startsWith("GET "));
    assertThat(otherRequests()).isEmpty();
  }

  @Test
  @DisplayName("R2's default rule (abort incomplete uploads after 7 days) counts as ALREADY_SET")
  void defaultAbortRule() {
    WM.stubFor(
        get(urlMatching("/shop\\?lifecycle=?"))
            .willReturn(
                WireR2.xml(
                    "<LifecycleConfiguration xmlns=\""
                        + NS
                        + "\"><Rule><ID>Default Multipart Abort Rule</ID><Filter><Prefix>"
                        + "</Prefix></Filter><Status>Enabled</Status>"
                        + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7"
                        + "</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"
                        + "</LifecycleConfiguration>")));
    try (Store store = WireR2.open(WM)) {
      Row row =
          store
              .harden(
                  HardeningPolicy.builder(
                          java.util.Set.of(HardeningSetting.ABORT_INCOMPLETE_MULTIPART))
                      .abortIncompleteMultipartAfterDays(7)
                      .build())
              .row(HardeningSetting.ABORT_INCOMPLETE_MULTIPART)
              .orElseThrow();
      assertThat(row.status()).isEqualTo(Status.ALREADY_SET);
    }
    WM.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName(
      "With an Object-scoped token, bucket settings fail with a hint naming the Admin permission"
          + " they need")
  void objectTokenCannotHarden() {
    WM.stubFor(
        get(urlMatching("/shop\\?(lifecycle|cors)=?"))
            .willReturn(WireR2.error(403, "AccessDenied", "Access Denied")));
    try (Store store = WireR2.open(WM)) {
      HardeningReport report = store.harden(EVERYTHING);
      Row row = report.row(HardeningSetting.ABORT_INCOMPLETE_MULTIPART).orElseThrow();
      assertThat(row.status()).isEqualTo(Status.FAILED);
      assertThat(row.detail()).contains("R2 API token", "Admin Read");
    }
  }

  // ---- verify ---------------------------------------------------------------------------------

  private static final String PROBES = "/shop/\\.stowage-verify/.+";

  /** Objects can be listed, written, read back and deleted; HeadBucket is as given. */
  private static void objectToken(int headBucketStatus) {
    WM.stubFor(
        get(urlPathEqualTo("/shop"))
            .withQueryParam("list-type", equalTo("2"))
            .willReturn(
                WireR2.xml(
                    "<ListBucketResult xmlns=\""
                        + NS
                        + "\"><Name>shop</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys>"
                        + "<IsTruncated>false</IsTruncated></ListBucketResult>")));
    WM.stubFor(head(urlPathEqualTo("/shop")).willReturn(aResponse().withStatus(headBucketStatus)));
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"probe\"")));
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
      "An Object-scoped token, refused at HeadBucket, passes verify: the Bucket check explains"
          + " that bucket-level calls are not needed for object work")
  void objectTokenPassesVerify() {
    objectToken(403);
    ConnectionReport report;
    try (Store store = WireR2.open(WM)) {
      report = store.verify();
    }
    assertThat(report.ok()).as("failures: %s", report.failures()).isTrue();
    assertThat(report.driverId()).isEqualTo("r2");
    assertThat(report.checks())
        .extracting(Check::name)
        .containsExactly("Credentials", "Bucket", "List", "Write", "Read", "Delete", "Clock");
    assertThat(report.checks().get(1).detail())
        .contains("bucket-level calls", "not allowed", "fine for uploads", "Admin Read & Write");
    assertThat(WireR2.lines(WM))
        .as("no region lookup: R2 has one region, auto")
        .noneMatch(l -> l.contains("location"));
    WM.verify(1, deleteRequestedFor(urlPathMatching(PROBES)));
  }

  @Test
  @DisplayName("A full token passes verify with the bucket found and no region compared")
  void fullTokenPassesVerify() {
    objectToken(200);
    try (Store store = WireR2.open(WM)) {
      ConnectionReport report = store.verify();
      assertThat(report.ok()).as("failures: %s", report.failures()).isTrue();
      assertThat(report.checks().get(1).detail()).isEqualTo("Bucket 'shop' exists");
    }
  }

  @Test
  @DisplayName("A token without write permission fails the Write check, naming Object Read & Write")
  void writeDenied() {
    objectToken(200);
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .atPriority(1)
            .willReturn(WireR2.error(403, "AccessDenied", "Access Denied")));
    try (Store store = WireR2.open(WM)) {
      assertThat(store.verify().failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Write");
                assertThat(c.hint())
                    .contains("R2 API token", "Object Read & Write", "bucket 'shop'")
                    .doesNotContain("IAM");
              });
    }
  }

  @Test
  @DisplayName("A bucket missing at this jurisdiction's endpoint gets a hint about 'jurisdiction'")
  void missingBucketHintsAtJurisdiction() {
    WM.stubFor(
        get(urlPathEqualTo("/shop"))
            .willReturn(WireR2.error(404, "NoSuchBucket", "The specified bucket does not exist.")));
    try (Store store = WireR2.open(WM)) {
      assertThat(store.verify().failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Bucket");
                assertThat(c.hint()).contains("jurisdiction");
              });
    }
  }

  @Test
  @DisplayName(
      "An Object Read token checked for READ and LIST passes without a write (R2 answers 404 for"
          + " a missing key); checked for every object feature, Write and Delete fail naming"
          + " Object Read & Write")
  void objectReadToken() {
    objectToken(403);
    WM.stubFor(
        get(urlPathMatching(PROBES))
            .atPriority(1)
            .willReturn(WireR2.error(404, "NoSuchKey", "The specified key does not exist.")));
    WM.stubFor(
        put(urlPathMatching(PROBES))
            .atPriority(1)
            .willReturn(WireR2.error(403, "AccessDenied", "Access Denied")));
    WM.stubFor(
        delete(urlPathMatching(PROBES))
            .atPriority(1)
            .willReturn(WireR2.error(403, "AccessDenied", "Access Denied")));
    try (Store store = WireR2.open(WM)) {
      ConnectionReport read = store.verify(EnumSet.of(Feature.READ, Feature.LIST));
      assertThat(read.ok()).as("checks: %s", read.checks()).isTrue();
      assertThat(read.check("Read").orElseThrow().passed()).isTrue();
      assertThat(WireR2.lines(WM)).noneMatch(l -> l.startsWith("PUT") || l.startsWith("DELETE"));

      ConnectionReport all = store.verify();
      assertThat(all.failures()).extracting(Check::name).containsExactly("Write", "Delete");
      assertThat(all.failures())
          .allSatisfy(
              c ->
                  assertThat(c.hint())
                      .contains("R2 API token", "Object Read & Write")
                      .doesNotContain("IAM"));
    }
  }
}
