package dev.stowage.s3;

import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnershipControlsRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Applies a {@link HardeningPolicy} to the bucket, one setting at a time: read it; if it is not
 * already as wanted, change it (or, in a dry run, say so) and read it back until it shows, since S3
 * bucket configuration is eventually consistent. An endpoint that answers 501 NotImplemented cannot
 * express the setting (S3Proxy, R2 for some), nor can one that calls S3's own request malformed:
 * that row is UNSUPPORTED, not FAILED. Lifecycle and CORS rules of the bucket's owner are kept:
 * ours are added beside them under ids of our own.
 */
final class S3Hardener {

  /** The id of the lifecycle rule this driver adds. */
  static final String LIFECYCLE_RULE_ID = "stowage-abort-incomplete-multipart-uploads";

  /** The id of the CORS rule this driver adds. */
  static final String CORS_RULE_ID = "stowage-browser-uploads";

  /** Waits between read-backs after a change: about four seconds in all. */
  private static final List<Duration> CONFIRM_DELAYS =
      List.of(
          Duration.ZERO,
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2));

  private final S3Client s3;
  private final String bucket;
  private final S3Dialect dialect;
  private final Set<HardeningSetting> supported;

  /** Amazon S3's hardener: every bucket setting. */
  S3Hardener(S3Client s3, String bucket) {
    this(s3, bucket, S3Dialect.amazon(), S3StorageDriver.AMAZON_S3.hardeningSettings());
  }

  /**
   * @param supported the settings the endpoint can express; the others are reported UNSUPPORTED
   *     with the dialect's detail, and no request is sent for them
   */
  S3Hardener(S3Client s3, String bucket, S3Dialect dialect, Set<HardeningSetting> supported) {
    this.s3 = s3;
    this.bucket = bucket;
    this.dialect = dialect;
    this.supported = Set.copyOf(supported);
  }

  HardeningReport harden(HardeningPolicy policy) {
    List<Row> rows = new ArrayList<>();
    policy.settings().stream().sorted().forEach(setting -> rows.add(row(setting, policy)));
    return new HardeningReport(rows, policy.dryRun());
  }

  private Row row(HardeningSetting setting, HardeningPolicy policy) {
    if (!supported.contains(setting)) {
      return new Row(setting, Status.UNSUPPORTED, dialect.unsupportedHardening(setting));
    }
    return switch (setting) {
      case BLOCK_PUBLIC_ACCESS -> run(setting, new BlockPublicAccess(), policy.dryRun());
      case BUCKET_OWNER_ENFORCED -> run(setting, new OwnerEnforced(), policy.dryRun());
      case DEFAULT_ENCRYPTION -> run(setting, new DefaultEncryption(), policy.dryRun());
      case ABORT_INCOMPLETE_MULTIPART ->
          run(
              setting,
              new AbortIncompleteUploads(policy.abortIncompleteMultipartAfterDays()),
              policy.dryRun());
      case CORS_FOR_BROWSER_UPLOADS ->
          run(setting, new BrowserUploadCors(policy.corsAllowedOrigins()), policy.dryRun());
      case OWNER_ONLY_PERMISSIONS ->
          new Row(setting, Status.UNSUPPORTED, dialect.unsupportedHardening(setting));
    };
  }

  /** One bucket setting: how to read it, how to change it, and the IAM actions each needs. */
  private interface BucketSetting {
    /** The S3 operation that changes it, for messages ("PutPublicAccessBlock"). */
    String operation();

    String readAction();

    String writeAction();

    /** Whether the bucket is already as the policy wants. A missing configuration is false. */
    boolean isSet();

    void apply();

    /** What ALREADY_SET and APPLIED rows say. */
    String onDetail();
  }

  private Row run(HardeningSetting setting, BucketSetting s, boolean dryRun) {
    boolean set;
    try {
      set = s.isSet();
    } catch (SdkException e) {
      return failure(setting, s, e, s.readAction());
    }
    if (set) {
      return new Row(setting, Status.ALREADY_SET, s.onDetail());
    }
    if (dryRun) {
      return new Row(setting, Status.NOT_SET, "Off; applying the policy turns it on.");
    }
    try {
      s.apply();
    } catch (SdkException e) {
      return failure(setting, s, e, s.writeAction());
    }
    for (Duration delay : CONFIRM_DELAYS) {
      if (!sleep(delay)) {
        break;
      }
      try {
        if (s.isSet()) {
          return new Row(setting, Status.APPLIED, s.onDetail());
        }
      } catch (SdkException e) {
        // Read-after-write of bucket configuration may briefly fail or lag: try again.
      }
    }
    return new Row(
        setting,
        Status.FAILED,
        s.operation()
            + " succeeded, but reading the setting back does not show it yet; "
            + dialect.serviceName()
            + " bucket settings can take a minute to propagate. Check again shortly.");
  }

  private Row failure(HardeningSetting setting, BucketSetting s, SdkException e, String action) {
    if (S3Errors.notImplemented(e)) {
      return new Row(
          setting,
          Status.UNSUPPORTED,
          "This endpoint does not implement "
              + s.operation()
              + " (HTTP 501 NotImplemented); set it in the provider's own console if it offers"
              + " one.");
    }
    String code = S3Errors.errorCode(e).orElse("");
    if (code.equals("MalformedXML") && action.equals(s.writeAction())) {
      // Our configuration is one S3 accepts: a compatible server that calls it malformed cannot
      // express the setting (MinIO refuses an AbortIncompleteMultipartUpload rule this way).
      return new Row(
          setting,
          Status.UNSUPPORTED,
          "This endpoint refused the "
              + s.operation()
              + " request that Amazon S3 accepts (HTTP 400 MalformedXML): it cannot express this"
              + " setting; set it in the provider's own console if it offers one.");
    }
    if (code.equals("AccessDenied") || S3Errors.status(e) == 403) {
      return new Row(
          setting,
          Status.FAILED,
          "Not allowed: these credentials need "
              + dialect.requiredPermission(action, bucket, false)
              + ".");
    }
    return new Row(setting, Status.FAILED, S3Errors.map(dialect, e, s.operation()).getMessage());
  }

  /** A 404 other than a missing bucket: the configuration is simply not there. */
  /**
   * The setting as read, or {@code whenNotConfigured} when the bucket has none (S3 answers 404 with
   * a NoSuch...Configuration code); a missing bucket still fails.
   */
  private static <T> T readOr(T whenNotConfigured, Supplier<T> read) {
    try {
      return read.get();
    } catch (SdkException e) {
      if (notConfigured(e)) {
        return whenNotConfigured;
      }
      throw e;
    }
  }

  private static boolean notConfigured(SdkException e) {
    return S3Errors.status(e) == 404
        && !S3Errors.errorCode(e).filter("NoSuchBucket"::equals).isPresent();
  }

  private static boolean sleep(Duration delay) {
    if (delay.isZero()) {
      return true;
    }
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private final class BlockPublicAccess implements BucketSetting {
    @Override
    public String operation() {
      return "PutPublicAccessBlock";
    }

    @Override
    public String readAction() {
      return "s3:GetBucketPublicAccessBlock";
    }

    @Override
    public String writeAction() {
      return "s3:PutBucketPublicAccessBlock";
    }

    @Override
    public boolean isSet() {
      PublicAccessBlockConfiguration c =
          readOr(
              null,
              () ->
                  s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration());
      return c != null
          && Boolean.TRUE.equals(c.blockPublicAcls())
          && Boolean.TRUE.equals(c.ignorePublicAcls())
          && Boolean.TRUE.equals(c.blockPublicPolicy())
          && Boolean.TRUE.equals(c.restrictPublicBuckets());
    }

    @Override
    public void apply() {
      s3.putPublicAccessBlock(
          b ->
              b.bucket(bucket)
                  .publicAccessBlockConfiguration(
                      c ->
                          c.blockPublicAcls(true)
                              .ignorePublicAcls(true)
                              .blockPublicPolicy(true)
                              .restrictPublicBuckets(true)));
    }

    @Override
    public String onDetail() {
      return "All four Block Public Access flags are on.";
    }
  }

  private final class OwnerEnforced implements BucketSetting {
    @Override
    public String operation() {
      return "PutBucketOwnershipControls";
    }

    @Override
    public String readAction() {
      return "s3:GetBucketOwnershipControls";
    }

    @Override
    public String writeAction() {
      return "s3:PutBucketOwnershipControls";
    }

    @Override
    public boolean isSet() {
      return readOr(
              List.<OwnershipControlsRule>of(),
              () ->
                  s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules())
          .stream()
          .anyMatch(r -> r.objectOwnership() == ObjectOwnership.BUCKET_OWNER_ENFORCED);
    }

    @Override
    public void apply() {
      s3.putBucketOwnershipControls(
          b ->
              b.bucket(bucket)
                  .ownershipControls(
                      c ->
                          c.rules(
                              OwnershipControlsRule.builder()
                                  .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                                  .build())));
    }

    @Override
    public String onDetail() {
      return "Object Ownership is BucketOwnerEnforced: ACLs are off and the bucket owns every"
          + " object.";
    }
  }

  private final class DefaultEncryption implements BucketSetting {
    @Override
    public String operation() {
      return "PutBucketEncryption";
    }

    @Override
    public String readAction() {
      return "s3:GetEncryptionConfiguration";
    }

    @Override
    public String writeAction() {
      return "s3:PutEncryptionConfiguration";
    }

    @Override
    public boolean isSet() {
      // KMS counts: it is stronger than SSE-S3, and replacing it would be a downgrade.
      return readOr(
              List.<ServerSideEncryptionRule>of(),
              () ->
                  s3.getBucketEncryption(b -> b.bucket(bucket))
                      .serverSideEncryptionConfiguration()
                      .rules())
          .stream()
          .map(ServerSideEncryptionRule::applyServerSideEncryptionByDefault)
          .filter(d -> d != null && d.sseAlgorithm() != null)
          .anyMatch(d -> d.sseAlgorithm() != ServerSideEncryption.UNKNOWN_TO_SDK_VERSION);
    }

    @Override
    public void apply() {
      s3.putBucketEncryption(
          b ->
              b.bucket(bucket)
                  .serverSideEncryptionConfiguration(
                      c ->
                          c.rules(
                              ServerSideEncryptionRule.builder()
                                  .applyServerSideEncryptionByDefault(
                                      ServerSideEncryptionByDefault.builder()
                                          .sseAlgorithm(ServerSideEncryption.AES256)
                                          .build())
                                  .build())));
    }

    @Override
    public String onDetail() {
      return "New objects are encrypted at rest by default.";
    }
  }

  private final class AbortIncompleteUploads implements BucketSetting {
    private final int days;

    AbortIncompleteUploads(int days) {
      this.days = days;
    }

    @Override
    public String operation() {
      return "PutBucketLifecycleConfiguration";
    }

    @Override
    public String readAction() {
      return "s3:GetLifecycleConfiguration";
    }

    @Override
    public String writeAction() {
      return "s3:PutLifecycleConfiguration";
    }

    @Override
    public boolean isSet() {
      return rules().stream().anyMatch(this::abortsEverywhereInTime);
    }

    private boolean abortsEverywhereInTime(LifecycleRule r) {
      AbortIncompleteMultipartUpload abort = r.abortIncompleteMultipartUpload();
      return r.status() == ExpirationStatus.ENABLED
          && abort != null
          && abort.daysAfterInitiation() != null
          && abort.daysAfterInitiation() <= days
          && wholeBucket(r);
    }

    /** A rule with no filter, or an empty prefix and nothing else, covers the whole bucket. */
    private boolean wholeBucket(LifecycleRule r) {
      @SuppressWarnings("deprecation")
      String legacyPrefix = r.prefix();
      LifecycleRuleFilter f = r.filter();
      boolean filterIsWhole =
          f == null
              || ((f.prefix() == null || f.prefix().isEmpty())
                  && f.tag() == null
                  && f.and() == null
                  && f.objectSizeGreaterThan() == null
                  && f.objectSizeLessThan() == null);
      return filterIsWhole && (legacyPrefix == null || legacyPrefix.isEmpty());
    }

    private List<LifecycleRule> rules() {
      return readOr(
          List.of(), () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules());
    }

    @Override
    public void apply() {
      // The call replaces the whole configuration: keep every rule but an older one of ours.
      List<LifecycleRule> rules = new ArrayList<>();
      for (LifecycleRule r : rules()) {
        if (!LIFECYCLE_RULE_ID.equals(r.id())) {
          rules.add(r);
        }
      }
      rules.add(
          LifecycleRule.builder()
              .id(LIFECYCLE_RULE_ID)
              .status(ExpirationStatus.ENABLED)
              .filter(LifecycleRuleFilter.builder().prefix("").build())
              .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days))
              .build());
      s3.putBucketLifecycleConfiguration(
          b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    }

    @Override
    public String onDetail() {
      return "Incomplete multipart uploads are removed within " + days + " days.";
    }
  }

  private final class BrowserUploadCors implements BucketSetting {
    private static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST");
    private final List<String> origins;

    BrowserUploadCors(List<String> origins) {
      this.origins = origins;
    }

    @Override
    public String operation() {
      return "PutBucketCors";
    }

    @Override
    public String readAction() {
      return "s3:GetBucketCORS";
    }

    @Override
    public String writeAction() {
      return "s3:PutBucketCORS";
    }

    @Override
    public boolean isSet() {
      List<CORSRule> rules = rules();
      return origins.stream().allMatch(origin -> rules.stream().anyMatch(r -> allows(r, origin)));
    }

    private static boolean allows(CORSRule r, String origin) {
      Set<String> methods = new HashSet<>(r.allowedMethods());
      return (r.allowedOrigins().contains(origin) || r.allowedOrigins().contains("*"))
          && methods.containsAll(List.of("PUT", "POST"))
          && r.allowedHeaders().contains("*");
    }

    private List<CORSRule> rules() {
      return readOr(List.of(), () -> s3.getBucketCors(b -> b.bucket(bucket)).corsRules());
    }

    @Override
    public void apply() {
      List<CORSRule> rules = new ArrayList<>();
      for (CORSRule r : rules()) {
        if (!CORS_RULE_ID.equals(r.id())) {
          rules.add(r);
        }
      }
      rules.add(
          CORSRule.builder()
              .id(CORS_RULE_ID)
              .allowedOrigins(origins)
              .allowedMethods(METHODS)
              .allowedHeaders("*")
              .exposeHeaders("ETag")
              .maxAgeSeconds(3000)
              .build());
      s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(rules)));
    }

    @Override
    public String onDetail() {
      return "Browsers on " + String.join(", ", origins) + " may upload straight to the bucket.";
    }
  }
}
