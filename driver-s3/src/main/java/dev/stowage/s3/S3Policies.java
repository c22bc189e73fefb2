package dev.stowage.s3;

import dev.stowage.Feature;
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
 * principal read the objects. The features are the ones a host checks a connection for ({@link
 * dev.stowage.Store#verify(Set)}), so "Check again" with the same set passes with such a policy.
 *
 * <pre>{@code
 * String json = S3Policies.forBucket("shop-downloads", S3Policies.MANAGER);
 * }</pre>
 */
public final class S3Policies {

  /*
   * What each dev.stowage.Feature adds, exactly the IAM actions the driver calls for it:
   * READ: s3:GetObject on the objects (download, stat, presigned GET/HEAD links).
   * LIST: s3:ListBucket on the bucket (without it S3 answers 403 instead of 404 for a missing
   *   key), and s3:GetBucketLocation, which "Check again" reads the bucket's region with.
   * WRITE: s3:PutObject, and s3:AbortMultipartUpload to clean up a failed multipart upload.
   * DELETE: s3:DeleteObject.
   * HARDEN: read and write the five bucket settings.
   * BUCKET_ADMIN: s3:ListAllMyBuckets, which only exists on "*", and s3:CreateBucket.
   * "Check again" (Store.verify(features)) needs nothing more: it checks only those features.
   */

  /** For a download page: presigned download links, nothing else. */
  public static final Set<Feature> DOWNLOAD_ONLY =
      Collections.unmodifiableSet(EnumSet.of(Feature.READ));

  /** For the host's admin side: everything but creating buckets. */
  public static final Set<Feature> MANAGER =
      Collections.unmodifiableSet(
          EnumSet.of(Feature.READ, Feature.LIST, Feature.WRITE, Feature.DELETE, Feature.HARDEN));

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
    if (features.contains(Feature.LIST)) {
      onBucket.add(LIST_BUCKET);
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

    List<IamStatement> statements = new ArrayList<>();
    if (!onBucket.isEmpty()) {
      statements.add(allow("StowageBucket", onBucket, bucketArn));
    }
    if (!onObjects.isEmpty()) {
      statements.add(allow("StowageObjects", onObjects, bucketArn + "/*"));
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
