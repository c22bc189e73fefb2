package dev.stowage.s3;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A create-only write's mark: a user-metadata value unique to the upload, stored with the object.
 * When the SDK retries a conditional write whose first attempt stored the object but lost the
 * answer, the retry is refused with 412 as if someone else had written; a HEAD that finds this
 * token on the key shows the object is ours. A concurrent writer's object, even with the same
 * bytes, carries no such token (comparing ETags with our MD5 could not tell them apart).
 *
 * <p>The metadata name is reserved: uploads may not set it, and {@link S3Objects} hides it from the
 * {@code ObjectInfo} users see.
 */
record WriteToken(String value) {

  /** The metadata name ({@code x-amz-meta-stowage-write-token} on the wire). */
  static final String METADATA_NAME = "stowage-write-token";

  /** Bytes it takes of the provider's user-metadata allowance (name and value, as S3 counts). */
  static final int METADATA_BYTES = METADATA_NAME.length() + 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  static WriteToken random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new WriteToken(HexFormat.of().formatHex(bytes));
  }

  /** Refuses user metadata that would pass for a token. */
  static void refuseReservedName(Map<String, String> metadata) {
    if (metadata.containsKey(METADATA_NAME)) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "Metadata name '" + METADATA_NAME + "' is reserved by the S3 driver; choose another");
    }
  }

  /** The user's metadata with this token added. */
  Map<String, String> addTo(Map<String, String> metadata) {
    Map<String, String> withToken = new LinkedHashMap<>(metadata);
    withToken.put(METADATA_NAME, value);
    return withToken;
  }

  /**
   * The key's ETag when the object there carries this token (our own write, whose answer was lost),
   * else empty: someone else's object, or none, or no answer to the HEAD either.
   */
  Optional<String> etagIfOurs(S3Client s3, String bucket, String key) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      return Optional.empty();
    }
    boolean ours =
        head.metadata().entrySet().stream()
            .anyMatch(
                e -> e.getKey().equalsIgnoreCase(METADATA_NAME) && value.equals(e.getValue()));
    return ours ? Optional.ofNullable(head.eTag()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "WriteToken[" + value + "]";
  }
}
