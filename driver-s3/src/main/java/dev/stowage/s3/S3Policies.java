package dev.stowage.s3;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Least-privilege IAM policies for the S3 driver, as JSON to paste into the AWS console or an
 * infrastructure template: the identity policy a user or role needs for the features it uses (built
 * from exactly the actions this driver's operations call), and a bucket policy that lets another
 * principal read the objects.
 *
 * <pre>{@code
 * String json = S3Policies.forBucket("shop-downloads", S3Policies.MANAGER);
 * }</pre>
 */
public final class S3Policies {

  /** What the credentials will be used for; each adds exactly the IAM actions it calls. */
  public enum Feature {
    /** Download, stat and presigned GET/HEAD links: {@code s3:GetObject} on the objects. */
    READ,
    /**
     * List and search ({@code ListObjectsV2}): {@code s3:ListBucket} on the bucket. Without it S3
     * answers 403 instead of 404 for a missing key.
     */
    LIST,
    /**
     * Uploads, multipart included, presigned PUT links and browser POST uploads: {@code
     * s3:PutObject}, and {@code s3:AbortMultipartUpload} to clean up a failed multipart upload.
     */
    WRITE,
    /** Delete, batch delete and presigned DELETE links: {@code s3:DeleteObject}. */
    DELETE,
    /** {@code harden}, applied or as a dry run: read and write the five bucket settings. */
    HARDEN,
    /**
     * {@code verify}, the "Check again" button: list the bucket, read its region, and write, read
     * and delete a probe object under {@code .stowage-verify/} (only there, unless READ, WRITE or
     * DELETE grant more).
     */
    VERIFY,
    /**
     * Bucket administration ({@code Store.buckets()}): {@code s3:ListAllMyBuckets}, which only
     * exists on {@code *}, and {@code s3:CreateBucket} on any bucket name.
     */
    BUCKET_ADMIN
  }

  /** For a download page: presigned download links, nothing else. */
  public static final Set<Feature> DOWNLOAD_ONLY =
      Collections.unmodifiableSet(EnumSet.of(Feature.READ));

  /** For the host's admin side: everything but creating buckets. */
  public static final Set<Feature> MANAGER =
      Collections.unmodifiableSet(
          EnumSet.of(
              Feature.READ,
              Feature.LIST,
              Feature.WRITE,
              Feature.DELETE,
              Feature.HARDEN,
              Feature.VERIFY));

  static final String GET_OBJECT = "s3:GetObject";
  static final String PUT_OBJECT = "s3:PutObject";
  static final String DELETE_OBJECT = "s3:DeleteObject";
  static final String ABORT_MULTIPART_UPLOAD = "s3:AbortMultipartUpload";
  static final String LIST_BUCKET = "s3:ListBucket";
  static final String GET_BUCKET_LOCATION = "s3:GetBucketLocation";
  static final String LIST_ALL_MY_BUCKETS = "s3:ListAllMyBuckets";
  static final String CREATE_BUCKET = "s3:CreateBucket";

  /** What {@link S3Hardener} reads and writes, in the order of its settings. */
  static final List<String> HARDEN_ACTIONS =
      List.of(
          "s3:GetBucketPublicAccessBlock",
          "s3:PutBucketPublicAccessBlock",
          "s3:GetBucketOwnershipControls",
          "s3:PutBucketOwnershipControls",
          "s3:GetEncryptionConfiguration",
          "s3:PutEncryptionConfiguration",
          "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration",
          "s3:GetBucketCORS",
          "s3:PutBucketCORS");

  private static final String POLICY_VERSION = "2012-10-17";

  // An account id, or an IAM/STS ARN: arn:<partition>:<iam|sts>::<account>:<resource>.
  private static final Pattern PRINCIPAL =
      Pattern.compile("\\d{12}|arn:aws[a-z-]*:(iam|sts)::\\d{12}:[A-Za-z0-9+=,.@_/-]+");

  private S3Policies() {}

  /**
   * The identity policy (attach it to the IAM user or role whose keys the driver uses) granting
   * exactly what {@code features} call on {@code bucket}, as pretty-printed JSON.
   *
   * @throws StorageException {@code INVALID_ARGUMENT} for an invalid bucket name or no features
   */
  public static String forBucket(String bucket, Set<Feature> features) {
    return write(identityPolicy(bucket, features));
  }

  /** {@link #forBucket} as the SDK's policy object, to combine with other statements. */
  public static IamPolicy identityPolicy(String bucket, Set<Feature> features) {
    checkBucket(bucket);
    Objects.requireNonNull(features, "features");
    if (features.isEmpty()) {
      throw StorageException.of(Code.INVALID_ARGUMENT, "Name at least one feature");
    }
    String bucketArn = bucketArn(bucket);
    Set<String> onBucket = new LinkedHashSet<>();
    Set<String> onObjects = new LinkedHashSet<>();
    if (features.contains(Feature.LIST) || features.contains(Feature.VERIFY)) {
      onBucket.add(LIST_BUCKET);
    }
    if (features.contains(Feature.VERIFY)) {
      onBucket.add(GET_BUCKET_LOCATION);
    }
    if (features.contains(Feature.HARDEN)) {
      onBucket.addAll(HARDEN_ACTIONS);
    }
    if (features.contains(Feature.READ)) {
      onObjects.add(GET_OBJECT);
    }
    if (features.contains(Feature.WRITE)) {
      onObjects.add(PUT_OBJECT);
      onObjects.add(ABORT_MULTIPART_UPLOAD);
    }
    if (features.contains(Feature.DELETE)) {
      onObjects.add(DELETE_OBJECT);
    }
    Set<String> onProbes = new LinkedHashSet<>();
    if (features.contains(Feature.VERIFY)) {
      for (String action : List.of(PUT_OBJECT, GET_OBJECT, DELETE_OBJECT)) {
        if (!onObjects.contains(action)) {
          onProbes.add(action);
        }
      }
    }

    List<IamStatement> statements = new ArrayList<>();
    if (!onBucket.isEmpty()) {
      statements.add(allow("StowageBucket", onBucket, bucketArn));
    }
    if (!onObjects.isEmpty()) {
      statements.add(allow("StowageObjects", onObjects, bucketArn + "/*"));
    }
    if (!onProbes.isEmpty()) {
      statements.add(
          allow("StowageVerifyProbe", onProbes, bucketArn + "/" + S3Verifier.PROBE_PREFIX + "*"));
    }
    if (features.contains(Feature.BUCKET_ADMIN)) {
      statements.add(allow("StowageListBuckets", List.of(LIST_ALL_MY_BUCKETS), "*"));
      statements.add(allow("StowageCreateBuckets", List.of(CREATE_BUCKET), "arn:aws:s3:::*"));
    }
    return IamPolicy.builder().version(POLICY_VERSION).statements(statements).build();
  }

  /**
   * A bucket policy (set it on the bucket) that lets {@code principal} download every object: an
   * AWS account id ({@code 111122223333}) or an IAM role or user ARN ({@code
   * arn:aws:iam::111122223333:role/cdn}). Block Public Access does not stop it: it names a
   * principal, it is not public.
   *
   * @throws StorageException {@code INVALID_ARGUMENT} for an invalid bucket name or principal
   */
  public static String bucketPolicyGrantingRead(String bucket, String principal) {
    checkBucket(bucket);
    Objects.requireNonNull(principal, "principal");
    if (!PRINCIPAL.matcher(principal).matches()) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "Invalid principal '"
              + Keys.printable(principal)
              + "': an AWS account id (12 digits) or an IAM ARN such as"
              + " arn:aws:iam::111122223333:role/cdn");
    }
    IamStatement statement =
        IamStatement.builder()
            .sid("StowageReadObjects")
            .effect(IamEffect.ALLOW)
            .addPrincipal(IamPrincipalType.AWS, principal)
            .addAction(GET_OBJECT)
            .addResource(bucketArn(bucket) + "/*")
            .build();
    return write(IamPolicy.builder().version(POLICY_VERSION).addStatement(statement).build());
  }

  private static IamStatement allow(String sid, Iterable<String> actions, String resource) {
    IamStatement.Builder statement =
        IamStatement.builder().sid(sid).effect(IamEffect.ALLOW).addResource(resource);
    actions.forEach(statement::addAction);
    return statement.build();
  }

  private static void checkBucket(String bucket) {
    String problem = S3BucketAdmin.nameProblem(bucket);
    if (problem != null) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "Invalid bucket name '"
              + (bucket == null ? "" : Keys.printable(bucket))
              + "': "
              + problem);
    }
  }

  private static String bucketArn(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  private static String write(IamPolicy policy) {
    return policy.toJson(IamPolicyWriter.builder().prettyPrint(true).build());
  }
}
