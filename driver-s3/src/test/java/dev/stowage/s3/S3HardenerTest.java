package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/** The hardener's decisions, against a bucket whose settings live in memory. */
class S3HardenerTest {

  private static final Set<HardeningSetting> BUCKET_SETTINGS =
      EnumSet.range(
          HardeningSetting.BLOCK_PUBLIC_ACCESS, HardeningSetting.CORS_FOR_BROWSER_UPLOADS);

  private final FakeBucketSettings bucket = new FakeBucketSettings();
  private final S3Hardener hardener = new S3Hardener(bucket, "shop");
  private final HardeningPolicy policy =
      HardeningPolicy.builder(BUCKET_SETTINGS)
          .abortIncompleteMultipartAfterDays(7)
          .corsAllowedOrigins(List.of("https://shop.example"))
          .build();

  private static Status status(HardeningReport report, HardeningSetting setting) {
    return report.row(setting).orElseThrow().status();
  }

  @Test
  @DisplayName("A dry run on a bare bucket reports every setting NOT_SET and changes nothing")
  void dryRunOnBareBucket() {
    HardeningReport report = hardener.harden(policy.toBuilder().dryRun(true).build());
    assertThat(report.dryRun()).isTrue();
    assertThat(report.rows()).extracting(Row::status).containsOnly(Status.NOT_SET);
    assertThat(bucket.puts()).isEmpty();
  }

  @Test
  @DisplayName("Applying turns every setting on, confirms it, and a second run finds it all set")
  void applyThenAlreadySet() {
    HardeningReport first = hardener.harden(policy);
    assertThat(first.rows())
        .allSatisfy(r -> assertThat(r.status()).as(r.detail()).isEqualTo(Status.APPLIED));
    assertThat(first.secure()).isTrue();
    assertThat(bucket.publicAccessBlock.blockPublicAcls()).isTrue();
    assertThat(bucket.publicAccessBlock.restrictPublicBuckets()).isTrue();
    assertThat(bucket.encryption.rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithm())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(bucket.lifecycle)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.id()).isEqualTo(S3Hardener.LIFECYCLE_RULE_ID);
              assertThat(r.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);
            });

    bucket.calls.clear();
    HardeningReport second = hardener.harden(policy);
    assertThat(second.rows()).extracting(Row::status).containsOnly(Status.ALREADY_SET);
    assertThat(bucket.puts()).isEmpty();
    assertThat(hardener.harden(policy.toBuilder().dryRun(true).build()).rows())
        .extracting(Row::status)
        .containsOnly(Status.ALREADY_SET);
  }

  @Test
  @DisplayName("The owner's lifecycle and CORS rules are kept beside ours")
  void keepsOtherRules() {
    LifecycleRule theirs =
        LifecycleRule.builder()
            .id("expire-logs")
            .status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("logs/"))
            .expiration(e -> e.days(30))
            .build();
    CORSRule theirCors =
        CORSRule.builder()
            .id("cdn")
            .allowedOrigins("https://cdn.example")
            .allowedMethods("GET")
            .build();
    bucket.lifecycle = List.of(theirs);
    bucket.cors = List.of(theirCors);

    hardener.harden(policy);

    assertThat(bucket.lifecycle)
        .extracting(LifecycleRule::id)
        .containsExactly("expire-logs", S3Hardener.LIFECYCLE_RULE_ID);
    assertThat(bucket.cors)
        .extracting(CORSRule::id)
        .containsExactly("cdn", S3Hardener.CORS_RULE_ID);
    assertThat(bucket.cors.get(1).allowedOrigins()).containsExactly("https://shop.example");
    assertThat(bucket.cors.get(1).allowedMethods()).contains("PUT", "POST");
  }

  @Test
  @DisplayName("A rule for a prefix only, or one that waits longer, does not count as set")
  void partialLifecycleIsNotSet() {
    bucket.lifecycle =
        List.of(
            LifecycleRule.builder()
                .id("uploads-only")
                .status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("uploads/"))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1))
                .build(),
            LifecycleRule.builder()
                .id("slow")
                .status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix(""))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(30))
                .build());
    assertThat(
            status(
                hardener.harden(policy.toBuilder().dryRun(true).build()),
                HardeningSetting.ABORT_INCOMPLETE_MULTIPART))
        .isEqualTo(Status.NOT_SET);
  }

  @Test
  @DisplayName("KMS default encryption counts as set and is never replaced by SSE-S3")
  void kmsIsKept() {
    bucket.encryption =
        ServerSideEncryptionConfiguration.builder()
            .rules(
                ServerSideEncryptionRule.builder()
                    .applyServerSideEncryptionByDefault(
                        d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("k"))
                    .build())
            .build();
    HardeningReport report = hardener.harden(policy);
    assertThat(status(report, HardeningSetting.DEFAULT_ENCRYPTION)).isEqualTo(Status.ALREADY_SET);
    assertThat(bucket.puts()).doesNotContain("PutBucketEncryption");
  }

  @Test
  @DisplayName("A denied change is FAILED with the IAM permission it needs; the others still apply")
  void deniedNamesThePermission() {
    bucket.denied.add("PutBucketEncryption");
    HardeningReport report = hardener.harden(policy);
    Row row = report.row(HardeningSetting.DEFAULT_ENCRYPTION).orElseThrow();
    assertThat(row.status()).isEqualTo(Status.FAILED);
    assertThat(row.detail()).contains("s3:PutEncryptionConfiguration");
    assertThat(status(report, HardeningSetting.BLOCK_PUBLIC_ACCESS)).isEqualTo(Status.APPLIED);
  }

  @Test
  @DisplayName("A change that reads back late is still confirmed by the retried read")
  void lateReadBack() {
    bucket.lagging = true;
    HardeningReport report = hardener.harden(policy);
    assertThat(report.rows()).extracting(Row::status).containsOnly(Status.APPLIED);
  }

  @Test
  @DisplayName("Owner-only file permissions are UNSUPPORTED on S3, with the reason")
  void noFilePermissions() {
    HardeningReport report =
        hardener.harden(
            HardeningPolicy.builder(EnumSet.of(HardeningSetting.OWNER_ONLY_PERMISSIONS))
                .abortIncompleteMultipartAfterDays(7)
                .build());
    assertThat(report.rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
              assertThat(r.detail()).isNotBlank();
            });
  }
}
