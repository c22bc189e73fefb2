package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import dev.stowage.Store;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact requests {@code harden} sends to AWS, asserted on the wire (S3Proxy answers 501 to all
 * of them): each setting is read, written with the body AWS documents, and read back.
 */
class S3HardenerWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final String NS = WireS3.NS;

  private static final String PUBLIC_ACCESS_BLOCK =
      "<PublicAccessBlockConfiguration xmlns=\""
          + NS
          + "\">"
          + "<BlockPublicAcls>true</BlockPublicAcls>"
          + "<IgnorePublicAcls>true</IgnorePublicAcls>"
          + "<BlockPublicPolicy>true</BlockPublicPolicy>"
          + "<RestrictPublicBuckets>true</RestrictPublicBuckets>"
          + "</PublicAccessBlockConfiguration>";

  private static final String OWNERSHIP =
      "<OwnershipControls xmlns=\""
          + NS
          + "\">"
          + "<Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule>"
          + "</OwnershipControls>";

  private static final String ENCRYPTION =
      "<ServerSideEncryptionConfiguration xmlns=\""
          + NS
          + "\">"
          + "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
          + "</ApplyServerSideEncryptionByDefault></Rule>"
          + "</ServerSideEncryptionConfiguration>";

  private static final String LIFECYCLE =
      "<LifecycleConfiguration xmlns=\""
          + NS
          + "\">"
          + "<Rule><ID>stowage-abort-incomplete-multipart-uploads</ID>"
          + "<Filter><Prefix></Prefix></Filter>"
          + "<Status>Enabled</Status>"
          + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>3</DaysAfterInitiation>"
          + "</AbortIncompleteMultipartUpload></Rule>"
          + "</LifecycleConfiguration>";

  private static final String CORS =
      "<CORSConfiguration xmlns=\""
          + NS
          + "\">"
          + "<CORSRule><ID>stowage-browser-uploads</ID>"
          + "<AllowedHeader>*</AllowedHeader>"
          + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>"
          + "<AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod>"
          + "<AllowedOrigin>https://shop.example</AllowedOrigin>"
          + "<ExposeHeader>ETag</ExposeHeader>"
          + "<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>"
          + "</CORSConfiguration>";

  /** Query parameter, the "not configured" error code, and the body AWS expects for each. */
  private enum Wire {
    PUBLIC_ACCESS_BLOCK_(
        "publicAccessBlock", "NoSuchPublicAccessBlockConfiguration", PUBLIC_ACCESS_BLOCK),
    OWNERSHIP_("ownershipControls", "OwnershipControlsNotFoundError", OWNERSHIP),
    ENCRYPTION_("encryption", "ServerSideEncryptionConfigurationNotFoundError", ENCRYPTION),
    LIFECYCLE_("lifecycle", "NoSuchLifecycleConfiguration", LIFECYCLE),
    CORS_("cors", "NoSuchCORSConfiguration", CORS);

    final String query;
    final String notFound;
    final String body;

    Wire(String query, String notFound, String body) {
      this.query = query;
      this.notFound = notFound;
      this.body = body;
    }

    String url() {
      return "/" + WireS3.BUCKET + "\\?" + query + "=?";
    }
  }

  private static final Set<HardeningSetting> BUCKET_SETTINGS =
      EnumSet.range(
          HardeningSetting.BLOCK_PUBLIC_ACCESS, HardeningSetting.CORS_FOR_BROWSER_UPLOADS);

  private static final HardeningPolicy POLICY =
      HardeningPolicy.builder(BUCKET_SETTINGS)
          .abortIncompleteMultipartAfterDays(3)
          .corsAllowedOrigins(List.of("https://shop.example"))
          .build();

  /**
   * A bucket where the setting is not configured until a PUT with exactly AWS's body arrives; then
   * reads return that configuration. A PUT with any other body matches nothing (404).
   */
  private static void bareSetting(Wire w) {
    WM.stubFor(
        get(urlMatching(w.url()))
            .inScenario(w.query)
            .whenScenarioStateIs(STARTED)
            .willReturn(WireS3.error(404, w.notFound)));
    WM.stubFor(
        put(urlMatching(w.url()))
            .inScenario(w.query)
            .whenScenarioStateIs(STARTED)
            .withRequestBody(equalToXml(w.body))
            .willReturn(ok())
            .willSetStateTo("set"));
    WM.stubFor(
        get(urlMatching(w.url()))
            .inScenario(w.query)
            .whenScenarioStateIs("set")
            .willReturn(WireS3.xml(w.body)));
  }

  private static List<String> requestsFor(Wire w) {
    return WireS3.requests(WM).stream()
        .filter(r -> r.matches("[A-Z]+ " + w.url()))
        .map(r -> r.substring(0, r.indexOf(' ')))
        .toList();
  }

  @Test
  @DisplayName(
      "Applying sends AWS's exact body for each setting (four public-access flags,"
          + " BucketOwnerEnforced, AES256, the abort rule with the policy's days, CORS), and reads"
          + " each back")
  void exactBodiesAndReadBack() {
    for (Wire w : Wire.values()) {
      bareSetting(w);
    }
    try (Store store = WireS3.open(WM)) {
      HardeningReport report = store.harden(POLICY);
      assertThat(report.rows())
          .allSatisfy(r -> assertThat(r.status()).as(r.detail()).isEqualTo(Status.APPLIED));
    }
    for (Wire w : Wire.values()) {
      WM.verify(1, putRequestedFor(urlMatching(w.url())).withRequestBody(equalToXml(w.body)));
      // Lifecycle and CORS rules are merged with the owner's: read again right before the PUT.
      boolean merged = w == Wire.LIFECYCLE_ || w == Wire.CORS_;
      assertThat(requestsFor(w))
          .as(w.query)
          .isEqualTo(merged ? List.of("GET", "GET", "PUT", "GET") : List.of("GET", "PUT", "GET"));
    }
  }

  @Test
  @DisplayName("CORS is neither read nor written when the policy does not ask for it")
  void corsOnlyWhenAsked() {
    for (Wire w : Wire.values()) {
      bareSetting(w);
    }
    try (Store store = WireS3.open(WM)) {
      HardeningReport report =
          store.harden(
              HardeningPolicy.builder(
                      EnumSet.range(
                          HardeningSetting.BLOCK_PUBLIC_ACCESS,
                          HardeningSetting.ABORT_INCOMPLETE_MULTIPART))
                  .abortIncompleteMultipartAfterDays(3)
                  .build());
      assertThat(report.rows()).extracting(Row::status).containsOnly(Status.APPLIED);
    }
    assertThat(requestsFor(Wire.CORS_)).isEmpty();
  }

  @Test
  @DisplayName("A 501 NotImplemented answer to a PUT makes that row UNSUPPORTED; the rest apply")
  void notImplementedIsUnsupported() {
    for (Wire w : Wire.values()) {
      bareSetting(w);
    }
    WM.stubFor(
        put(urlMatching(Wire.ENCRYPTION_.url()))
            .atPriority(1)
            .willReturn(
                WireS3.error(
                    501,
                    "NotImplemented",
                    "A header you provided implies" + " functionality that is not implemented",
                    "")));
    try (Store store = WireS3.open(WM)) {
      HardeningReport report = store.harden(POLICY);
      Row row = report.row(HardeningSetting.DEFAULT_ENCRYPTION).orElseThrow();
      assertThat(row.status()).isEqualTo(Status.UNSUPPORTED);
      assertThat(row.detail()).contains("PutBucketEncryption").contains("501");
      assertThat(report.rows())
          .filteredOn(r -> r.setting() != HardeningSetting.DEFAULT_ENCRYPTION)
          .extracting(Row::status)
          .containsOnly(Status.APPLIED);
    }
  }

  @Test
  @DisplayName(
      "A compatible server calling S3's own lifecycle rule malformed (MinIO) makes that row"
          + " UNSUPPORTED")
  void malformedXmlIsUnsupported() {
    for (Wire w : Wire.values()) {
      bareSetting(w);
    }
    WM.stubFor(
        put(urlMatching(Wire.LIFECYCLE_.url()))
            .atPriority(1)
            .willReturn(
                WireS3.error(
                    400,
                    "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our"
                        + " published schema.",
                    "")));
    try (Store store = WireS3.open(WM)) {
      Row row = store.harden(POLICY).row(HardeningSetting.ABORT_INCOMPLETE_MULTIPART).orElseThrow();
      assertThat(row.status()).isEqualTo(Status.UNSUPPORTED);
      assertThat(row.detail()).contains("MalformedXML");
    }
  }

  @Test
  @DisplayName("A dry run reads every setting and sends no PUT")
  void dryRunSendsNoPut() {
    for (Wire w : Wire.values()) {
      bareSetting(w);
    }
    try (Store store = WireS3.open(WM)) {
      HardeningReport report = store.harden(POLICY.toBuilder().dryRun(true).build());
      assertThat(report.rows()).extracting(Row::status).containsOnly(Status.NOT_SET);
    }
    WM.verify(0, putRequestedFor(anyUrl()));
    for (Wire w : Wire.values()) {
      assertThat(requestsFor(w)).as(w.query).containsExactly("GET");
    }
  }
}
