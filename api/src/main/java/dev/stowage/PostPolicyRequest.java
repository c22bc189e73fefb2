package dev.stowage;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A browser form upload (HTML {@code <form method=post>}) the store will accept until it expires:
 * to an exact key or any key under a prefix, within a size range, optionally with a content type
 * (exact, or a prefix ending in '/' such as {@code image/}), user metadata the form must carry, and
 * server-side encryption ({@code AES256} or {@code aws:kms}). Unlike a presigned PUT, it can cap
 * the size.
 */
public record PostPolicyRequest(
    String key,
    boolean keyIsPrefix,
    long minBytes,
    long maxBytes,
    String contentTypePrefix,
    Duration ttl,
    Map<String, String> metadata,
    String serverSideEncryption) {

  public PostPolicyRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (minBytes < 0 || maxBytes < minBytes) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "size range must satisfy 0 <= min <= max, was " + minBytes + ".." + maxBytes);
    }
  }

  /** An upload to exactly {@code key} of at most {@code maxBytes}. */
  public static PostPolicyRequest exactKey(String key, long maxBytes, Duration ttl) {
    return new PostPolicyRequest(key, false, 0, maxBytes, null, ttl, Map.of(), null);
  }

  /** An upload to any key starting with {@code prefix}, of at most {@code maxBytes}. */
  public static PostPolicyRequest keyPrefix(String prefix, long maxBytes, Duration ttl) {
    return new PostPolicyRequest(prefix, true, 0, maxBytes, null, ttl, Map.of(), null);
  }

  public PostPolicyRequest withSizeRange(long minBytes, long maxBytes) {
    return new PostPolicyRequest(
        key,
        keyIsPrefix,
        minBytes,
        maxBytes,
        contentTypePrefix,
        ttl,
        metadata,
        serverSideEncryption);
  }

  public PostPolicyRequest withContentTypePrefix(String prefix) {
    return new PostPolicyRequest(
        key, keyIsPrefix, minBytes, maxBytes, prefix, ttl, metadata, serverSideEncryption);
  }

  /** User metadata the upload must carry, exactly these values (the form sends them). */
  public PostPolicyRequest withMetadata(Map<String, String> metadata) {
    return new PostPolicyRequest(
        key,
        keyIsPrefix,
        minBytes,
        maxBytes,
        contentTypePrefix,
        ttl,
        metadata,
        serverSideEncryption);
  }

  /** Server-side encryption the upload must ask for: {@code AES256} or {@code aws:kms}. */
  public PostPolicyRequest withServerSideEncryption(String algorithm) {
    return new PostPolicyRequest(
        key, keyIsPrefix, minBytes, maxBytes, contentTypePrefix, ttl, metadata, algorithm);
  }

  public Optional<String> contentTypePrefixIfSet() {
    return Optional.ofNullable(contentTypePrefix);
  }

  public Optional<String> serverSideEncryptionIfSet() {
    return Optional.ofNullable(serverSideEncryption);
  }
}
