package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.DriverConfig;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningSetting;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials, verify and harden against the embedded S3 server. */
class S3ConnectionTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static Store open(DriverConfig config) {
    return Store.open(new S3DriverProvider(), config, TestConfigs.loopback());
  }

  private static String aWrongSecret() {
    // Same length and alphabet as the real one, so only the signature can tell them apart.
    String real = S3.server().secretKey();
    return new StringBuilder(real).reverse().toString();
  }

  private static List<String> names(ConnectionReport report) {
    return report.checks().stream().map(Check::name).toList();
  }

  @Test
  @DisplayName(
      "A wrong secret fails with PERMISSION_DENIED, says which key is wrong, and shows no secret")
  void wrongSecretIsRefused() {
    String bucket = S3.newBucket();
    String wrong = aWrongSecret();
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), bucket)
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, wrong)
                .build())) {
      StorageException e =
          catchThrowableOfType(
              StorageException.class,
              () -> store.upload(UploadRequest.of("x.txt"), "x".getBytes(StandardCharsets.UTF_8)));
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("SignatureDoesNotMatch").contains("secret access key");
      assertThat(e.driverId()).isEqualTo("s3");
      assertThat(e.bucket()).isEqualTo(bucket);
      for (String text : List.of(e.getMessage(), e.toString())) {
        assertThat(text).doesNotContain(wrong).doesNotContain(S3.server().secretKey());
      }
      assertThat(store.config().toString()).doesNotContain(wrong);
    }
  }

  @Test
  @DisplayName("An unknown access key ID fails with PERMISSION_DENIED naming the key ID")
  void unknownKeyId() {
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), S3.newBucket())
                .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAUNKNOWNUNKNOWN00")
                .build())) {
      StorageException e = catchThrowableOfType(StorageException.class, () -> store.stat("x"));
      assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED);
      assertThat(store.verify().failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Credentials");
                assertThat(c.detail()).contains("access key ID");
              });
    }
  }

  @Test
  @DisplayName("Keys pasted with surrounding whitespace are trimmed and work")
  void trimmedKeys() {
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), S3.newBucket())
                .secret(S3DriverProvider.ACCESS_KEY_ID, "  " + S3.server().accessKey() + "\n")
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, "\t" + S3.server().secretKey() + " ")
                .build())) {
      store.upload(UploadRequest.of("trimmed.txt"), "ok".getBytes(StandardCharsets.UTF_8));
      assertThat(store.readAllBytes("trimmed.txt"))
          .isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName(
      "Verify against a healthy server passes every check, region and clock included, and leaves"
          + " nothing behind")
  void verifyHealthy() {
    try (Store store = open(TestConfigs.embedded(S3.server(), S3.newBucket()).build())) {
      ConnectionReport report = store.verify();
      assertThat(report.ok()).as("failures: %s", report.failures()).isTrue();
      assertThat(report.driverId()).isEqualTo("s3");
      assertThat(names(report))
          .containsExactly("Credentials", "Bucket", "List", "Write", "Read", "Delete", "Clock");
      assertThat(report.checks().get(1).detail()).contains("us-east-1");
      assertThat(store.listAll("")).isEmpty();
    }
  }

  @Test
  @DisplayName("Verify with a wrong secret fails the credentials check with a plain hint")
  void verifyWrongSecret() {
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), S3.newBucket())
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, aWrongSecret())
                .build())) {
      ConnectionReport report = store.verify();
      assertThat(report.ok()).isFalse();
      assertThat(report.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Credentials");
                assertThat(c.detail()).contains("secret access key");
                assertThat(c.hint()).isNotBlank();
              });
    }
  }

  @Test
  @DisplayName("Verify of a missing bucket says so")
  void verifyMissingBucket() {
    try (Store store = open(TestConfigs.embedded(S3.server(), "no-such-bucket").build())) {
      ConnectionReport report = store.verify();
      assertThat(report.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Bucket");
                assertThat(c.detail()).contains("no-such-bucket");
              });
    }
  }

  @Test
  @DisplayName("Verify of a wrong region names the bucket's region")
  void verifyWrongRegion() {
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), S3.newBucket())
                .set(S3DriverProvider.REGION, "eu-west-1")
                .build())) {
      ConnectionReport report = store.verify();
      assertThat(report.failures()).extracting(Check::name).contains("Bucket");
    }
  }

  @Test
  @DisplayName("Verify against an endpoint nobody listens on fails the endpoint check, quickly")
  void verifyNoServer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (Store store =
        open(
            TestConfigs.embedded(S3.server(), "bucket")
                .set(S3DriverProvider.ENDPOINT, "http://127.0.0.1:" + port)
                .build())) {
      ConnectionReport report = store.verify();
      assertThat(report.failures()).extracting(Check::name).containsExactly("Endpoint");
      StorageException e = catchThrowableOfType(StorageException.class, () -> store.stat("x"));
      assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  @DisplayName("Verify reports a clock far from the endpoint's")
  void verifySkewedClock() {
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
    try (Store store =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(S3.server(), S3.newBucket()).build(),
            TestConfigs.loopback().toBuilder().clock(ahead).build())) {
      ConnectionReport report = store.verify();
      assertThat(report.failures())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo("Clock");
                assertThat(c.detail()).contains("ahead");
              });
    }
  }

  @Test
  @DisplayName(
      "Hardening on the embedded server: every bucket setting NOT_SET in a dry run, APPLIED, then"
          + " ALREADY_SET; file permissions do not exist on S3")
  void hardenOnTheEmbeddedServer() {
    try (Store store = open(TestConfigs.embedded(S3.server(), S3.newBucket()).build())) {
      HardeningPolicy policy =
          HardeningPolicy.builder(java.util.EnumSet.allOf(HardeningSetting.class))
              .abortIncompleteMultipartAfterDays(3)
              .corsAllowedOrigins(List.of("https://shop.example"))
              .build();
      List<HardeningSetting> bucketSettings =
          java.util.Arrays.stream(HardeningSetting.values())
              .filter(s -> s != HardeningSetting.OWNER_ONLY_PERMISSIONS)
              .toList();
      List<HardeningReport.Status> expected =
          List.of(
              HardeningReport.Status.NOT_SET,
              HardeningReport.Status.APPLIED,
              HardeningReport.Status.ALREADY_SET);
      HardeningPolicy dryRun = policy.toBuilder().dryRun(true).build();
      List<HardeningPolicy> runs = List.of(dryRun, policy, dryRun);
      for (int run = 0; run < runs.size(); run++) {
        HardeningReport report = store.harden(runs.get(run));
        assertThat(report.rows())
            .extracting(HardeningReport.Row::setting)
            .containsExactly(HardeningSetting.values());
        for (HardeningSetting setting : bucketSettings) {
          HardeningReport.Row row = report.row(setting).orElseThrow();
          assertThat(row.status())
              .as("run %d, %s: %s", run, setting, row.detail())
              .isEqualTo(expected.get(run));
        }
        HardeningReport.Row permissions =
            report.row(HardeningSetting.OWNER_ONLY_PERMISSIONS).orElseThrow();
        assertThat(permissions.status()).isEqualTo(HardeningReport.Status.UNSUPPORTED);
        assertThat(permissions.detail()).contains("IAM");
      }
    }
  }
}
