package dev.stowage.spi;

import dev.stowage.BucketInfo;
import java.util.List;

/**
 * Bucket administration, an optional capability: list the account's buckets, create one in a
 * region, and check a name against the provider's rules. A driver offers it through {@link
 * StorageDriver#bucketAdmin()} and declares {@link dev.stowage.Capabilities#bucketAdmin()}; users
 * reach it through {@link dev.stowage.Store#buckets()}, which has already checked the name with
 * {@link #validateBucketName} before {@link #createBucket} runs.
 */
public interface BucketAdmin {

  /** Every bucket the credentials can see, in the provider's order. */
  List<BucketInfo> listBuckets();

  /**
   * Creates a bucket; {@code region} null means the connection's own region. A name already taken
   * fails with {@code ALREADY_EXISTS}, and the message says whether the caller owns the bucket.
   *
   * @return the new bucket (its creation date may be unknown)
   */
  BucketInfo createBucket(String name, String region);

  /**
   * Checks a bucket name against the provider's naming rules, without any network call; throws
   * {@code INVALID_ARGUMENT} naming the rule the name breaks.
   */
  void validateBucketName(String name);
}
