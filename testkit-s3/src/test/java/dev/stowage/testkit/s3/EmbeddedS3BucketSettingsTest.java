package dev.stowage.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The bucket settings the embedded server keeps (S3Proxy alone answers 501), through the AWS SDK:
 * AWS's 404 codes before a PUT, round trips after, and signatures still checked.
 */
class EmbeddedS3BucketSettingsTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static S3Client client(String accessKey, String secret) {
    return S3Client.builder()
        .endpointOverride(S3.server().endpoint())
        .forcePathStyle(true)
        .region(Region.of(S3.server().region()))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .build();
  }

  private static S3Client admin() {
    return client(S3.server().accessKey(), S3.server().secretKey());
  }

  private static S3Exception failure(Executable call) {
    return catchThrowableOfType(S3Exception.class, call::execute);
  }

  private static void assertError(S3Exception e, int status, String code) {
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
  }

  @Test
  @DisplayName("Before any PUT, each GET answers 404 with AWS's code for that setting")
  void notConfigured() {
    String bucket = S3.newBucket();
    try (S3Client s3 = admin()) {
      assertError(
          failure(() -> s3.getPublicAccessBlock(b -> b.bucket(bucket))),
          404,
          "NoSuchPublicAccessBlockConfiguration");
      assertError(
          failure(() -> s3.getBucketOwnershipControls(b -> b.bucket(bucket))),
          404,
          "OwnershipControlsNotFoundError");
      assertError(
          failure(() -> s3.getBucketEncryption(b -> b.bucket(bucket))),
          404,
          "ServerSideEncryptionConfigurationNotFoundError");
      assertError(
          failure(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))),
          404,
          "NoSuchLifecycleConfiguration");
      assertError(
          failure(() -> s3.getBucketCors(b -> b.bucket(bucket))), 404, "NoSuchCORSConfiguration");
    }
  }

  @Test
  @DisplayName("PUT then GET returns what was put, per bucket; DELETE makes it 404 again")
  void roundTrips() {
    String bucket = S3.newBucket();
    String other = S3.newBucket();
    try (S3Client s3 = admin()) {
      s3.putPublicAccessBlock(
          b ->
              b.bucket(bucket)
                  .publicAccessBlockConfiguration(
                      c ->
                          c.blockPublicAcls(true)
                              .ignorePublicAcls(true)
                              .blockPublicPolicy(true)
                              .restrictPublicBuckets(false)));
      s3.putBucketOwnershipControls(
          b ->
              b.bucket(bucket)
                  .ownershipControls(
                      c -> c.rules(r -> r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
      s3.putBucketEncryption(
          b ->
              b.bucket(bucket)
                  .serverSideEncryptionConfiguration(
                      c ->
                          c.rules(
                              r ->
                                  r.applyServerSideEncryptionByDefault(
                                      d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
      s3.putBucketLifecycleConfiguration(
          b ->
              b.bucket(bucket)
                  .lifecycleConfiguration(
                      BucketLifecycleConfiguration.builder()
                          .rules(
                              LifecycleRule.builder()
                                  .id("abort-incomplete")
                                  .status(ExpirationStatus.ENABLED)
                                  .filter(LifecycleRuleFilter.builder().prefix("").build())
                                  .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(3))
                                  .build())
                          .build()));
      s3.putBucketCors(
          b ->
              b.bucket(bucket)
                  .corsConfiguration(
                      c ->
                          c.corsRules(
                              CORSRule.builder()
                                  .allowedMethods("PUT")
                                  .allowedOrigins("https://shop.example")
                                  .maxAgeSeconds(600)
                                  .build())));

      var block = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
      assertThat(block.blockPublicAcls()).isTrue();
      assertThat(block.restrictPublicBuckets()).isFalse();
      assertThat(
              s3.getBucketOwnershipControls(b -> b.bucket(bucket))
                  .ownershipControls()
                  .rules()
                  .get(0)
                  .objectOwnership())
          .isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
      assertThat(
              s3.getBucketEncryption(b -> b.bucket(bucket))
                  .serverSideEncryptionConfiguration()
                  .rules()
                  .get(0)
                  .applyServerSideEncryptionByDefault()
                  .sseAlgorithm())
          .isEqualTo(ServerSideEncryption.AES256);
      LifecycleRule rule = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().get(0);
      assertThat(rule.id()).isEqualTo("abort-incomplete");
      assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(3);
      CORSRule cors = s3.getBucketCors(b -> b.bucket(bucket)).corsRules().get(0);
      assertThat(cors.allowedOrigins()).containsExactly("https://shop.example");
      assertThat(cors.maxAgeSeconds()).isEqualTo(600);

      assertError(
          failure(() -> s3.getBucketCors(b -> b.bucket(other))), 404, "NoSuchCORSConfiguration");

      s3.deletePublicAccessBlock(b -> b.bucket(bucket));
      s3.deleteBucketOwnershipControls(b -> b.bucket(bucket));
      s3.deleteBucketEncryption(b -> b.bucket(bucket));
      s3.deleteBucketLifecycle(b -> b.bucket(bucket));
      s3.deleteBucketCors(b -> b.bucket(bucket));
      assertError(
          failure(() -> s3.getPublicAccessBlock(b -> b.bucket(bucket))),
          404,
          "NoSuchPublicAccessBlockConfiguration");
      assertError(
          failure(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket))),
          404,
          "NoSuchLifecycleConfiguration");
      assertError(
          failure(() -> s3.getBucketCors(b -> b.bucket(bucket))), 404, "NoSuchCORSConfiguration");
    }
  }

  @Test
  @DisplayName("A wrong secret gets 403 SignatureDoesNotMatch and changes nothing")
  void wrongSecret() {
    String bucket = S3.newBucket();
    String wrong = "wrong" + S3.server().secretKey().substring(5);
    try (S3Client bad = client(S3.server().accessKey(), wrong);
        S3Client s3 = admin()) {
      assertError(
          failure(
              () ->
                  bad.putBucketOwnershipControls(
                      b ->
                          b.bucket(bucket)
                              .ownershipControls(
                                  c ->
                                      c.rules(
                                          r ->
                                              r.objectOwnership(
                                                  ObjectOwnership.BUCKET_OWNER_ENFORCED))))),
          403,
          "SignatureDoesNotMatch");
      assertError(
          failure(() -> bad.getBucketOwnershipControls(b -> b.bucket(bucket))),
          403,
          "SignatureDoesNotMatch");
      assertError(
          failure(() -> s3.getBucketOwnershipControls(b -> b.bucket(bucket))),
          404,
          "OwnershipControlsNotFoundError");
    }
  }

  @Test
  @DisplayName("The download-only key gets 403 AccessDenied; an unknown key 403 InvalidAccessKeyId")
  void otherKeys() {
    String bucket = S3.newBucket();
    try (S3Client downloadOnly =
            client(S3.server().downloadOnlyAccessKey(), S3.server().downloadOnlySecretKey());
        S3Client unknown = client("AKIA" + "Q".repeat(16), S3.server().secretKey())) {
      assertError(
          failure(() -> downloadOnly.getBucketCors(b -> b.bucket(bucket))), 403, "AccessDenied");
      assertError(
          failure(() -> downloadOnly.deleteBucketCors(b -> b.bucket(bucket))), 403, "AccessDenied");
      assertError(
          failure(() -> unknown.getBucketCors(b -> b.bucket(bucket))), 403, "InvalidAccessKeyId");
    }
  }

  @Test
  @DisplayName("A deleted bucket's settings go with it: the same name created again has none")
  void deletedBucketForgetsItsSettings() {
    String bucket = S3.newBucket();
    try (S3Client s3 = admin()) {
      s3.putBucketCors(
          b ->
              b.bucket(bucket)
                  .corsConfiguration(
                      c ->
                          c.corsRules(
                              CORSRule.builder()
                                  .allowedMethods("GET")
                                  .allowedOrigins("https://shop.example")
                                  .build())));
      s3.deleteBucket(b -> b.bucket(bucket));
      S3.server().createBucket(bucket);
      assertError(
          failure(() -> s3.getBucketCors(b -> b.bucket(bucket))), 404, "NoSuchCORSConfiguration");
    }
  }

  @Test
  @DisplayName("A bucket that does not exist: 404 NoSuchBucket")
  void noSuchBucket() {
    try (S3Client s3 = admin()) {
      String missing = "missing-" + UUID.randomUUID();
      assertError(failure(() -> s3.getBucketCors(b -> b.bucket(missing))), 404, "NoSuchBucket");
    }
  }
}
