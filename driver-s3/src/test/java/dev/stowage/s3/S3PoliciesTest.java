package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.Feature;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The generated IAM policies, parsed and compared as JSON trees. */
class S3PoliciesTest {

  private static JsonNode json(String text) {
    return JsonNode.parser().parse(text);
  }

  private static void assertSameJson(String actual, String expected) {
    assertThat(json(actual)).as(actual).isEqualTo(json(expected));
  }

  @Test
  @DisplayName("Download-only: s3:GetObject on the bucket's objects, nothing else")
  void downloadOnly() {
    assertSameJson(
        S3Policies.forBucket("shop-downloads", S3Policies.DOWNLOAD_ONLY),
        """
        {
          "Version": "2012-10-17",
          "Statement": {
            "Sid": "StowageObjects",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::shop-downloads/*"
          }
        }
        """);
  }

  @Test
  @DisplayName(
      "Manager: list (and the bucket's region), object read/write/delete, abort of failed"
          + " multipart uploads, and exactly what harden calls")
  void manager() {
    assertSameJson(
        S3Policies.forBucket("shop-downloads", S3Policies.MANAGER),
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "StowageBucket",
              "Effect": "Allow",
              "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation",
                "s3:GetBucketPublicAccessBlock",
                "s3:PutBucketPublicAccessBlock",
                "s3:GetBucketOwnershipControls",
                "s3:PutBucketOwnershipControls",
                "s3:GetEncryptionConfiguration",
                "s3:PutEncryptionConfiguration",
                "s3:GetLifecycleConfiguration",
                "s3:PutLifecycleConfiguration",
                "s3:GetBucketCORS",
                "s3:PutBucketCORS"
              ],
              "Resource": "arn:aws:s3:::shop-downloads"
            },
            {
              "Sid": "StowageObjects",
              "Effect": "Allow",
              "Action": ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
              "Resource": "arn:aws:s3:::shop-downloads/*"
            }
          ]
        }
        """);
  }

  @Test
  @DisplayName(
      "List alone: s3:ListBucket and s3:GetBucketLocation on the bucket; no object access, and no"
          + " extra statement for Check again, which checks only the features it is given")
  void listOnly() {
    assertSameJson(
        S3Policies.forBucket("shop-downloads", EnumSet.of(Feature.LIST)),
        """
        {
          "Version": "2012-10-17",
          "Statement": {
            "Sid": "StowageBucket",
            "Effect": "Allow",
            "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
            "Resource": "arn:aws:s3:::shop-downloads"
          }
        }
        """);
  }

  @Test
  @DisplayName("Bucket admin adds ListAllMyBuckets (on *) and CreateBucket")
  void bucketAdmin() {
    assertSameJson(
        S3Policies.forBucket("shop-downloads", EnumSet.of(Feature.LIST, Feature.BUCKET_ADMIN)),
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "StowageBucket",
              "Effect": "Allow",
              "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
              "Resource": "arn:aws:s3:::shop-downloads"
            },
            {
              "Sid": "StowageListBuckets",
              "Effect": "Allow",
              "Action": "s3:ListAllMyBuckets",
              "Resource": "*"
            },
            {
              "Sid": "StowageCreateBuckets",
              "Effect": "Allow",
              "Action": "s3:CreateBucket",
              "Resource": "arn:aws:s3:::*"
            }
          ]
        }
        """);
  }

  @Test
  @DisplayName("A bucket policy lets one principal download every object")
  void bucketPolicy() {
    assertSameJson(
        S3Policies.bucketPolicyGrantingRead("shop-downloads", "arn:aws:iam::111122223333:role/cdn"),
        """
        {
          "Version": "2012-10-17",
          "Statement": {
            "Sid": "StowageReadObjects",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/cdn"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::shop-downloads/*"
          }
        }
        """);
    assertThat(
            json(S3Policies.bucketPolicyGrantingRead("shop-downloads", "111122223333"))
                .field("Statement")
                .flatMap(s -> s.field("Principal"))
                .flatMap(p -> p.field("AWS"))
                .map(JsonNode::text))
        .contains("111122223333");
  }

  @Test
  @DisplayName("Bad bucket names, principals and empty feature sets fail INVALID_ARGUMENT")
  void invalidArguments() {
    for (Runnable bad :
        List.<Runnable>of(
            () -> S3Policies.forBucket("Shop", S3Policies.MANAGER),
            () -> S3Policies.forBucket("shop", EnumSet.noneOf(Feature.class)),
            () -> S3Policies.bucketPolicyGrantingRead("shop", "*"),
            () -> S3Policies.bucketPolicyGrantingRead("shop", "arn:aws:iam::1234:role/x"),
            () -> S3Policies.bucketPolicyGrantingRead("a..b", "111122223333"))) {
      StorageException e = catchThrowableOfType(StorageException.class, bad::run);
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
    }
  }

  @Test
  @DisplayName(
      "Harden needs exactly the policy's bucket-setting actions: each one the hardener names when"
          + " denied is granted, and nothing more")
  void hardenActionsMatchTheHardener() {
    Set<String> named = new LinkedHashSet<>();
    HardeningPolicy policy =
        HardeningPolicy.builder(
                EnumSet.range(
                    HardeningSetting.BLOCK_PUBLIC_ACCESS,
                    HardeningSetting.CORS_FOR_BROWSER_UPLOADS))
            .abortIncompleteMultipartAfterDays(7)
            .corsAllowedOrigins(List.of("https://shop.example"))
            .build();
    List<String> reads =
        List.of(
            "GetPublicAccessBlock",
            "GetBucketOwnershipControls",
            "GetBucketEncryption",
            "GetBucketLifecycleConfiguration",
            "GetBucketCors");
    List<String> writes =
        List.of(
            "PutPublicAccessBlock",
            "PutBucketOwnershipControls",
            "PutBucketEncryption",
            "PutBucketLifecycleConfiguration",
            "PutBucketCors");
    for (List<String> denied : List.of(reads, writes)) {
      FakeBucketSettings bucket = new FakeBucketSettings();
      bucket.denied.addAll(denied);
      HardeningReport report = new S3Hardener(bucket, "shop-downloads").harden(policy);
      for (HardeningReport.Row row : report.rows()) {
        assertThat(row.status()).as(row.detail()).isEqualTo(Status.FAILED);
        Matcher m = Pattern.compile("s3:\\w+").matcher(row.detail());
        assertThat(m.find()).as(row.detail()).isTrue();
        named.add(m.group());
      }
    }
    assertThat(named).hasSize(10);
    assertThat(new ArrayList<>(named))
        .containsExactlyInAnyOrderElementsOf(S3Policies.HARDEN_ACTIONS);
    assertThat(S3Policies.forBucket("b-1", EnumSet.of(Feature.HARDEN)))
        .contains(S3Policies.HARDEN_ACTIONS)
        .doesNotContain("s3:GetObject", "s3:ListBucket");
  }
}
