package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.HardeningSetting;
import dev.stowage.StorageException.Code;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How one provider's S3 API differs from Amazon's: the extension point that lets a driver for an
 * S3-compatible service (Cloudflare R2, say) run on this driver's core instead of copying it. The
 * core ({@link S3StorageDriver} with its uploader, presigner, hardener, verifier, error mapping and
 * bucket administration) consults the dialect wherever providers part ways; every method's default
 * is Amazon S3's behaviour, so a dialect overrides only where its provider differs.
 *
 * <p>Open the core with a dialect through {@link S3StorageDriver#open(dev.stowage.DriverConfig,
 * dev.stowage.spi.DriverContext, S3Dialect)}. Implementations must be immutable and thread-safe.
 */
public interface S3Dialect {

  /**
   * Bytes of a provider's user-metadata allowance the core keeps for itself (a create-only write
   * stores a token with the object, to know its own write after a lost answer): a dialect's {@code
   * maxMetadataBytes} is the provider's limit minus this.
   */
  int RESERVED_METADATA_BYTES = WriteToken.METADATA_BYTES;

  /** Amazon S3 itself (and the S3-compatible servers the {@code s3} driver reaches). */
  static S3Dialect amazon() {
    return AmazonDialect.INSTANCE;
  }

  // ---- who ------------------------------------------------------------------------------------

  /** The id of the driver built on this dialect, as its reports carry it ({@code "s3"}). */
  default String driverId() {
    return S3DriverProvider.ID;
  }

  /** The service as messages name it: "the S3 endpoint did not answer". */
  default String serviceName() {
    return "S3";
  }

  // ---- the SDK client -------------------------------------------------------------------------

  /**
   * Whether request bodies may be sent {@code aws-chunked} (the SDK's streaming signature and
   * trailing checksums). R2 refuses them.
   */
  default boolean chunkedEncoding() {
    return true;
  }

  /**
   * Whether checksums are sent only where an operation requires one ({@code WHEN_REQUIRED}), rather
   * than the SDK's default CRC32 on every upload. Amazon's own hosts take the defaults; compatible
   * servers, many of which refuse them, do not.
   */
  default boolean checksumsOnlyWhenRequired(boolean amazonEndpoint) {
    return !amazonEndpoint;
  }

  /** Interceptors every request passes through, after the SDK's own. */
  default List<ExecutionInterceptor> interceptors() {
    return List.of();
  }

  // ---- what the driver declares ----------------------------------------------------------------

  /**
   * The capabilities to declare, given Amazon S3's. The core honours what is declared: presigning
   * and POST policies not declared fail with {@code UNSUPPORTED}, batch deletes are chunked at
   * {@link Capabilities#maxBatchDelete()}, and hardening settings left out are reported {@code
   * UNSUPPORTED} with {@link #unsupportedHardening} as the detail, without a request.
   */
  default Capabilities capabilities(Capabilities amazonS3) {
    return amazonS3;
  }

  // ---- hardening and permissions --------------------------------------------------------------

  /**
   * Why {@code setting} cannot be applied here, and where it is controlled instead: the detail of
   * its {@code UNSUPPORTED} row.
   */
  default String unsupportedHardening(HardeningSetting setting) {
    return switch (setting) {
      case OWNER_ONLY_PERMISSIONS ->
          "S3 has no file permissions: access is governed by IAM and bucket policies, and '"
              + HardeningSetting.BLOCK_PUBLIC_ACCESS.title()
              + "' keeps the bucket private.";
      default -> "This driver cannot apply '" + setting.title() + "'.";
    };
  }

  /**
   * The permission an operation needs, as a phrase to finish "these credentials need ...": for
   * Amazon, the IAM action on the bucket's ARN ({@code objects}: on its objects), or on {@code *}
   * when {@code bucket} is null (account-level calls such as {@code s3:ListAllMyBuckets}).
   *
   * @param s3Action the IAM action, e.g. {@code s3:PutObject}
   */
  default String requiredPermission(String s3Action, String bucket, boolean objects) {
    String resource = bucket == null ? "*" : "arn:aws:s3:::" + bucket + (objects ? "/*" : "");
    return "the IAM permission " + s3Action + " on " + resource;
  }

  // ---- errors ---------------------------------------------------------------------------------

  /** The code for an error code of this provider's own, consulted before S3's table. */
  default Optional<Code> errorCode(String providerCode) {
    return Optional.empty();
  }

  /** A hint for the person fixing an error with this code, added to its message. */
  default Optional<String> errorHint(String providerCode) {
    return Optional.empty();
  }

  // ---- buckets --------------------------------------------------------------------------------

  /** The naming rule {@code name} breaks, in words, or null when it keeps them all. */
  default String bucketNameProblem(String name) {
    return S3BucketAdmin.nameProblem(name);
  }

  /**
   * What is wrong with a region (or location) asked for in {@code createBucket}, or null when it is
   * one the provider takes. {@code region} is the caller's, or the connection's own when the caller
   * gave none.
   */
  default String regionProblem(String region) {
    return S3BucketAdmin.REGION.matcher(region).matches()
        ? null
        : "a region name such as eu-west-1";
  }

  /**
   * The {@code LocationConstraint} CreateBucket sends for a region, or empty to send none
   * (us-east-1, which refuses to be named).
   */
  default Optional<String> locationConstraint(String region) {
    return region.equals(S3BucketAdmin.US_EAST_1) ? Optional.empty() : Optional.of(region);
  }

  // ---- verify ---------------------------------------------------------------------------------

  /** Whether {@code verify} compares the bucket's region with the configured one. */
  default boolean checksBucketRegion() {
    return true;
  }

  /**
   * Whether the credentials may lawfully lack bucket-level permissions (HeadBucket and bucket
   * configuration): then {@code verify} explains a denied bucket check instead of failing it, as
   * object work does not need it.
   */
  default boolean bucketLevelCallsOptional() {
    return false;
  }

  /** What to do when no credentials were found. */
  default String missingCredentialsHint() {
    return "Set accessKeyId and secretAccessKey, or give the process AWS credentials"
        + " (environment variables, ~/.aws/credentials, or an instance or task role).";
  }

  /** What to do when the endpoint does not know the access key ID. */
  default String unknownAccessKeyHint() {
    return "Copy the access key ID again from the console (IAM, Access keys), or create a new key.";
  }

  /** What to do when the bucket does not exist. */
  default String noSuchBucketHint() {
    return "Create the bucket, or correct the bucket name (names are case-sensitive).";
  }
}
