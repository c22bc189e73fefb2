package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Status;
import dev.stowage.Feature;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningSetting;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** "Check again", the security cards and harden, through the hub, with intended features. */
class HostChecksTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  @Test
  @DisplayName("verify checks what the connection is for; a read-only key is not failed for writes")
  void verifyWithIntendedFeatures() {
    var server = S3.server();
    try (StorageHub hub =
        StorageHub.builder()
            .sealer(new TestSealer())
            .driverContext(
                DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
            .build()) {
      hub.add(
          ConnectionSpec.builder("downloads", "s3")
              .set("bucket", S3.newBucket())
              .set("endpoint", server.endpoint().toString())
              .secret("accessKeyId", server.downloadOnlyAccessKey())
              .secret("secretAccessKey", server.downloadOnlySecretKey())
              .intendedFeatures(Set.of(Feature.READ))
              .build());
      ConnectionReport report = hub.verify("downloads");
      assertThat(report.driverId()).isEqualTo("s3");
      assertThat(report.checks()).noneMatch(c -> c.status() == Status.FAILED);
      assertThat(report.check("Write").orElseThrow().status()).isEqualTo(Status.NOT_NEEDED);

      // The same key checked for everything fails the writes: the features made the difference.
      ConnectionReport everything =
          hub.verify("downloads", dev.stowage.VerifyRequest.of(Feature.OBJECTS));
      assertThat(everything.failures()).isNotEmpty();
    }
  }

  @Test
  @DisplayName("securityPosture is a dry run that changes nothing; harden applies the policy")
  void securityCards() throws Exception {
    Path root =
        java.nio.file.Files.createDirectory(
            dir.resolve("files"),
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
    try (StorageHub hub = StorageHub.builder().build()) {
      hub.add(ConnectionSpec.builder("disk", "local").set("root", root.toString()).build());
      HardeningReport cards = hub.securityPosture("disk");
      assertThat(cards.dryRun()).isTrue();
      assertThat(cards.row(HardeningSetting.OWNER_ONLY_PERMISSIONS).orElseThrow().status())
          .isEqualTo(HardeningReport.Status.NOT_SET);
      HardeningReport applied = hub.harden("disk");
      assertThat(applied.dryRun()).isFalse();
      assertThat(applied.row(HardeningSetting.OWNER_ONLY_PERMISSIONS).orElseThrow().status())
          .isEqualTo(HardeningReport.Status.APPLIED);
      assertThat(
              hub.securityPosture("disk")
                  .row(HardeningSetting.OWNER_ONLY_PERMISSIONS)
                  .orElseThrow()
                  .status())
          .isEqualTo(HardeningReport.Status.ALREADY_SET);
    }
  }
}
