package dev.stowage.r2;

import dev.stowage.Capabilities;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.StorageException.Code;
import dev.stowage.s3.S3Dialect;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How R2's S3 API differs from Amazon's, for the S3 core: region {@code auto}; no {@code
 * aws-chunked} bodies and checksums only where required (R2 refuses the SDK's defaults); no ACL
 * headers; no POST policies; equal-size multipart parts; smaller batch deletes; only CORS and
 * lifecycle among the bucket settings; R2's error codes, naming rules, location hints and API-token
 * permissions.
 */
final class R2Dialect implements S3Dialect {

  /** The region R2 signs and answers for. */
  static final String REGION = "auto";

  /**
   * Keys per DeleteObjects request: R2 documents S3's 1,000, but batches above about 700 have
   * failed in the field.
   */
  static final int MAX_BATCH_DELETE = 500;

  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;

  /** The bucket settings R2 implements over the S3 API. */
  static final Set<HardeningSetting> HARDENING =
      EnumSet.of(
          HardeningSetting.ABORT_INCOMPLETE_MULTIPART, HardeningSetting.CORS_FOR_BROWSER_UPLOADS);

  private static final Map<String, Code> CODES =
      Map.of(
          "BucketConflict", Code.ALREADY_EXISTS,
          "TooManyRequests", Code.RATE_LIMITED,
          "InvalidPart", Code.INVALID_ARGUMENT,
          "Unauthorized", Code.PERMISSION_DENIED,
          "ExpiredRequest", Code.PERMISSION_DENIED,
          "NotEntitled", Code.PERMISSION_DENIED);

  /** The IAM actions the S3 core names that an R2 Object token allows (read, or write). */
  private static final Set<String> OBJECT_READ = Set.of("s3:GetObject", "s3:ListBucket");

  private static final Set<String> OBJECT_WRITE =
      Set.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");

  private final R2Jurisdiction jurisdiction;
  private final List<ExecutionInterceptor> interceptors;

  /**
   * @param extraInterceptors run after R2's own (tests)
   */
  R2Dialect(R2Jurisdiction jurisdiction, List<ExecutionInterceptor> extraInterceptors) {
    this.jurisdiction = jurisdiction;
    List<ExecutionInterceptor> all = new ArrayList<>();
    all.add(new R2RequestFilter());
    all.addAll(extraInterceptors);
    this.interceptors = List.copyOf(all);
  }

  @Override
  public String driverId() {
    return R2DriverProvider.ID;
  }

  @Override
  public String serviceName() {
    return "R2";
  }

  // ---- client ---------------------------------------------------------------------------------

  @Override
  public boolean chunkedEncoding() {
    return false;
  }

  @Override
  public boolean checksumsOnlyWhenRequired(boolean amazonEndpoint) {
    return true;
  }

  @Override
  public List<ExecutionInterceptor> interceptors() {
    return interceptors;
  }

  // ---- capabilities ---------------------------------------------------------------------------

  @Override
  public Capabilities capabilities(Capabilities amazonS3) {
    return amazonS3.toBuilder()
        .presignMethods(
            EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE))
        .presignPost(false)
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .hardeningSettings(HARDENING)
        .verify(true)
        .maxSinglePutBytes(5 * GIB - 5 * MIB)
        .maxObjectBytes(5 * 1024 * GIB - 5 * GIB)
        .maxBatchDelete(MAX_BATCH_DELETE)
        .maxMetadataBytes(8192 - RESERVED_METADATA_BYTES)
        .bucketAdmin(true)
        .build();
  }

  // ---- hardening and permissions --------------------------------------------------------------

  @Override
  public String unsupportedHardening(HardeningSetting setting) {
    return switch (setting) {
      case BLOCK_PUBLIC_ACCESS ->
          "R2 has no Block Public Access setting in its S3 API. R2 buckets are private by default:"
              + " public access exists only through the bucket's r2.dev subdomain or a custom"
              + " domain, both turned on and off in the Cloudflare dashboard (R2 > the bucket >"
              + " Settings > Public access) or the Cloudflare API. Keep both off to keep the"
              + " bucket private.";
      case BUCKET_OWNER_ENFORCED ->
          "R2 has no ACLs and no object ownership: every object belongs to the bucket's account,"
              + " and access is granted by R2 API tokens (R2 > Manage API tokens), never per"
              + " object. There is nothing to enforce.";
      case DEFAULT_ENCRYPTION ->
          "R2 always encrypts objects at rest (AES-256-GCM), with no setting to turn on or off;"
              + " PutBucketEncryption is not part of its S3 API.";
      case OWNER_ONLY_PERMISSIONS ->
          "R2 has no file permissions: access is granted by R2 API tokens (R2 > Manage API"
              + " tokens), scoped to buckets and to object or admin permissions.";
      default ->
          "R2 does not implement '"
              + setting.title()
              + "' in its S3 API; see the bucket's settings in the Cloudflare dashboard.";
    };
  }

  /**
   * R2 has no IAM: an API token has Object Read, Object Read &amp; Write, Admin Read or Admin Read
   * &amp; Write permission, on some buckets or all. Object permissions cover object work and
   * listing; bucket settings and bucket administration need an Admin token.
   */
  @Override
  public String requiredPermission(String s3Action, String bucket, boolean objects) {
    String on = bucket == null ? "" : " on bucket '" + bucket + "'";
    if (OBJECT_READ.contains(s3Action)) {
      return "an R2 API token with Object Read (or Object Read & Write) permission" + on;
    }
    if (OBJECT_WRITE.contains(s3Action)) {
      return "an R2 API token with Object Read & Write permission" + on;
    }
    boolean read = s3Action.startsWith("s3:Get") || s3Action.startsWith("s3:List");
    return "an R2 API token with Admin "
        + (read ? "Read (or Admin Read & Write)" : "Read & Write")
        + " permission ("
        + s3Action
        + "; Object tokens cannot reach bucket settings or create buckets)";
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Override
  public Optional<Code> errorCode(String providerCode) {
    return Optional.ofNullable(CODES.get(providerCode));
  }

  @Override
  public Optional<String> errorHint(String providerCode) {
    return Optional.ofNullable(
        switch (providerCode) {
          case "BucketConflict" ->
              "R2 bucket names are unique within a Cloudflare account: this account already has a"
                  + " bucket of this name (or one is still being deleted); use it, or choose"
                  + " another name";
          case "TooManyRequests" ->
              "R2 allows about one write per second to the same key, and limits requests per"
                  + " bucket; slow down and retry";
          case "InvalidPart" ->
              "R2 requires every part of a multipart upload but the last to have the same size,"
                  + " and the last no larger";
          case "NotEntitled" ->
              "This Cloudflare account has no R2 subscription; enable R2 in the dashboard";
          case "Unauthorized", "InvalidAccessKeyId" ->
              "Check the access key ID and secret of the R2 API token (R2 > Manage API tokens)";
          case "SignatureDoesNotMatch" ->
              "Check the secret access key of the R2 API token (it does not match the key ID)";
          case "NoSuchBucket" -> noSuchBucketHint();
          default -> null;
        });
  }

  // ---- buckets --------------------------------------------------------------------------------

  @Override
  public String bucketNameProblem(String name) {
    return R2Buckets.nameProblem(name);
  }

  @Override
  public String regionProblem(String region) {
    return R2Buckets.locationProblem(region);
  }

  /** A location hint goes as the {@code LocationConstraint}; {@code auto} sends none. */
  @Override
  public Optional<String> locationConstraint(String region) {
    String hint = region.toLowerCase(Locale.ROOT);
    return hint.equals(R2Buckets.AUTO) ? Optional.empty() : Optional.of(hint);
  }

  // ---- verify ---------------------------------------------------------------------------------

  /** R2 has one region, {@code auto}: there is nothing to compare. */
  @Override
  public boolean checksBucketRegion() {
    return false;
  }

  /** An Object token works with objects and may not look at the bucket itself. */
  @Override
  public boolean bucketLevelCallsOptional() {
    return true;
  }

  @Override
  public String missingCredentialsHint() {
    return "Create an R2 API token (Cloudflare dashboard, R2 > Manage API tokens) and set"
        + " accessKeyId and secretAccessKey to its Access Key ID and Secret Access Key.";
  }

  @Override
  public String unknownAccessKeyHint() {
    return "Copy the Access Key ID again from the R2 API token (R2 > Manage API tokens), or create"
        + " a new token; check that accountId is the token's account.";
  }

  @Override
  public String noSuchBucketHint() {
    String where =
        jurisdiction == R2Jurisdiction.NONE
            ? "A bucket created in a jurisdiction (eu, fedramp) is reached only at that"
                + " jurisdiction's endpoint: set 'jurisdiction' to it."
            : "This connection uses the "
                + jurisdiction
                + " jurisdiction's endpoint; a bucket created outside it is reached with"
                + " 'jurisdiction' unset (or set to its own).";
    return "Create the bucket, or correct the bucket name. " + where;
  }

  @Override
  public String toString() {
    return "S3Dialect[r2, jurisdiction=" + jurisdiction + "]";
  }
}
