package dev.stowage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A browser form upload (HTML {@code <form method=post>}) the store will accept until it expires:
 * to an exact key or any key under a prefix, within a size range, optionally with a content-type
 * prefix. Unlike a presigned PUT, it can cap the size.
 */
public record PostPolicyRequest(
    String key,
    boolean keyIsPrefix,
    long minBytes,
    long maxBytes,
    String contentTypePrefix,
    Duration ttl) {

  public PostPolicyRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    if (minBytes < 0 || maxBytes < minBytes) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "size range must satisfy 0 <= min <= max, was " + minBytes + ".." + maxBytes);
    }
  }

  /** An upload to exactly {@code key} of at most {@code maxBytes}. */
  public static PostPolicyRequest exactKey(String key, long maxBytes, Duration ttl) {
    return new PostPolicyRequest(key, false, 0, maxBytes, null, ttl);
  }

  /** An upload to any key starting with {@code prefix}, of at most {@code maxBytes}. */
  public static PostPolicyRequest keyPrefix(String prefix, long maxBytes, Duration ttl) {
    return new PostPolicyRequest(prefix, true, 0, maxBytes, null, ttl);
  }

  public PostPolicyRequest withSizeRange(long minBytes, long maxBytes) {
    return new PostPolicyRequest(key, keyIsPrefix, minBytes, maxBytes, contentTypePrefix, ttl);
  }

  public PostPolicyRequest withContentTypePrefix(String prefix) {
    return new PostPolicyRequest(key, keyIsPrefix, minBytes, maxBytes, prefix, ttl);
  }

  public Optional<String> contentTypePrefixIfSet() {
    return Optional.ofNullable(contentTypePrefix);
  }
}
