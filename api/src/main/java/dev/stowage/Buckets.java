package dev.stowage;

import dev.stowage.StorageException.Code;
import dev.stowage.spi.BucketAdmin;
import java.util.List;
import java.util.function.Supplier;

/**
 * The account's buckets, through a store's connection and credentials ({@link Store#buckets()}).
 * Names are checked against the provider's rules before any request, and errors are normalised and
 * redacted like every other operation's; an error about a bucket names it in {@link
 * StorageException#bucket()}.
 */
public final class Buckets {

  private final BucketAdmin admin;
  private final StoreErrors errors;

  Buckets(BucketAdmin admin, StoreErrors errors) {
    this.admin = admin;
    this.errors = errors;
  }

  /** Every bucket the credentials can see. */
  public List<BucketInfo> list() {
    return errors.call(null, () -> List.copyOf(admin.listBuckets()));
  }

  /** Creates a bucket in this connection's region. */
  public BucketInfo create(String name) {
    return create(name, null);
  }

  /**
   * Creates a bucket in {@code region} (null: this connection's region). A name already taken fails
   * with {@code ALREADY_EXISTS}; the message says whether you own that bucket.
   */
  public BucketInfo create(String name, String region) {
    validateName(name);
    return forBucket(
        name,
        () -> {
          if (region != null && (region.isBlank() || !region.equals(region.strip()))) {
            throw StorageException.of(
                Code.INVALID_ARGUMENT, "Invalid region '" + region + "': blank or padded");
          }
          return admin.createBucket(name, region);
        });
  }

  /**
   * Checks a name against the provider's bucket-naming rules, without any network call; fails with
   * {@code INVALID_ARGUMENT} naming the rule it breaks.
   */
  public void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw errors.error(Code.INVALID_ARGUMENT, "Invalid bucket name: it is empty", null);
    }
    forBucket(
        name,
        () -> {
          admin.validateBucketName(name);
          return null;
        });
  }

  /** Runs a driver call through the store's error rules, its errors about bucket {@code name}. */
  private <T> T forBucket(String name, Supplier<T> op) {
    return errors.call(
        null,
        () -> {
          try {
            return op.get();
          } catch (StorageException e) {
            throw e.bucket() != null ? e : onBucket(name, e);
          }
        });
  }

  private static StorageException onBucket(String name, StorageException e) {
    StorageException named = e.toBuilder().bucket(Keys.printable(name)).build();
    named.setStackTrace(e.getStackTrace());
    return named;
  }
}
