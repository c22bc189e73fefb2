package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.ConnectionReport.Status;
import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Check again" with the key the README recommends for a download page ({@link
 * S3Policies#DOWNLOAD_ONLY}), against the embedded server's download-only key pair (403 to
 * everything but GETs of existing objects, as IAM answers).
 */
class S3LeastPrivilegeVerifyTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final String PRODUCT = "products/app-1.0.zip";

  private Store admin;
  private Store downloads;

  @BeforeEach
  void setUp() {
    String bucket = S3.newBucket();
    admin =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(S3.server(), bucket).build(),
            TestConfigs.loopback());
    admin.upload(UploadRequest.of(PRODUCT), "the product".getBytes(StandardCharsets.UTF_8));
    downloads =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(S3.server(), bucket)
                .secret(S3DriverProvider.ACCESS_KEY_ID, S3.server().downloadOnlyAccessKey())
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, S3.server().downloadOnlySecretKey())
                .build(),
            TestConfigs.loopback());
  }

  @AfterEach
  void tearDown() {
    downloads.close();
    admin.close();
  }

  @Test
  @DisplayName("The download-only key downloads, and is denied everything else as IAM denies it")
  void theKeyIsDownloadOnly() {
    assertThat(new String(downloads.readAllBytes(PRODUCT), StandardCharsets.UTF_8))
        .isEqualTo("the product");
    assertThatThrownBy(() -> downloads.upload(UploadRequest.of("x"), new byte[] {1}))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED));
    assertThatThrownBy(() -> downloads.list(ListRequest.prefix("")))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED));
    assertThatThrownBy(() -> downloads.stat("missing"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED));
  }

  @Test
  @DisplayName(
      "Checked for READ with a product's key as the probe, every check passes: green, and"
          + " nothing was written")
  void greenWithProbeKey() {
    ConnectionReport report =
        downloads.verify(
            VerifyRequest.builder(S3Policies.DOWNLOAD_ONLY).readProbeKey(PRODUCT).build());
    assertThat(report.checks())
        .as("checks: %s", report.checks())
        .allSatisfy(c -> assertThat(c.status()).isIn(Status.PASSED, Status.NOT_NEEDED));
    assertThat(report.check("Read").orElseThrow().passed()).isTrue();
    assertThat(admin.listAll("").map(ObjectInfo::key)).containsExactly(PRODUCT);
  }

  @Test
  @DisplayName(
      "Checked for READ without a probe key: not failed; Read is UNCONFIRMED and says how to"
          + " confirm it")
  void unconfirmedWithoutProbeKey() {
    ConnectionReport report = downloads.verify(S3Policies.DOWNLOAD_ONLY);
    assertThat(report.ok()).as("checks: %s", report.checks()).isTrue();
    assertThat(report.check("Read").orElseThrow().status()).isEqualTo(Status.UNCONFIRMED);
    assertThat(report.check("Write").orElseThrow().status()).isEqualTo(Status.NOT_NEEDED);
    assertThat(admin.listAll("").map(ObjectInfo::key)).containsExactly(PRODUCT);
  }

  @Test
  @DisplayName(
      "Checked for every object feature, the same key fails List, Write and Delete, each naming"
          + " the IAM action it lacks")
  void everythingNamesWhatIsMissing() {
    ConnectionReport report = downloads.verify();
    assertThat(report.failures())
        .extracting(Check::name)
        .containsExactlyInAnyOrder("List", "Write", "Delete");
    assertThat(report.check("List").orElseThrow().hint()).contains("s3:ListBucket");
    assertThat(report.check("Write").orElseThrow().hint()).contains("s3:PutObject");
    assertThat(report.check("Delete").orElseThrow().hint()).contains("s3:DeleteObject");
    assertThat(admin.listAll("").map(ObjectInfo::key)).containsExactly(PRODUCT);
  }

  @Test
  @DisplayName("The full key checked for every object feature passes, as before")
  void fullKeyGreen() {
    ConnectionReport report = admin.verify();
    assertThat(report.checks())
        .as("checks: %s", report.checks())
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASSED));
  }
}
