package dev.stowage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A browser form upload (HTML {@code <form method=post>}) the store will accept until it expires:
 * to an exact key or any key under a prefix, within a size range, optionally with a content type
 * (exact, or a prefix ending in '/' such as {@code image/}), user metadata the form must carry, and
 * server-side encryption ({@code AES256} or {@code aws:kms}). Unlike a presigned PUT, it can cap
 * the size.
 *
 * <pre>{@code
 * store.presignPost(PostPolicyRequest.exactKey("in/a.png", 5_000_000, ttl));
 * store.presignPost(PostPolicyRequest.keyPrefix("in/", 5_000_000, ttl).toBuilder()
 *     .contentTypePrefix("image/").metadata("owner", "42").build());
 * }</pre>
 */
public final class PostPolicyRequest {

  private final String key;
  private final boolean keyIsPrefix;
  private final long minBytes;
  private final long maxBytes;
  private final String contentTypePrefix;
  private final Duration ttl;
  private final Map<String, String> metadata;
  private final String serverSideEncryption;

  private PostPolicyRequest(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.ttl = Objects.requireNonNull(b.ttl, "ttl");
    if (b.minBytes < 0 || b.maxBytes < b.minBytes) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "size range must satisfy 0 <= min <= max, was " + b.minBytes + ".." + b.maxBytes);
    }
    this.keyIsPrefix = b.keyIsPrefix;
    this.minBytes = b.minBytes;
    this.maxBytes = b.maxBytes;
    this.contentTypePrefix = b.contentTypePrefix;
    this.metadata = Map.copyOf(b.metadata);
    this.serverSideEncryption = b.serverSideEncryption;
  }

  /**
   * A builder for an upload to {@code key} (or, with {@code keyIsPrefix}, any key under it) of at
   * most {@code maxBytes}, accepted for {@code ttl}.
   */
  public static Builder builder(String key, boolean keyIsPrefix, long maxBytes, Duration ttl) {
    return new Builder().key(key).keyIsPrefix(keyIsPrefix).sizeRange(0, maxBytes).ttl(ttl);
  }

  /** An upload to exactly {@code key} of at most {@code maxBytes}. */
  public static PostPolicyRequest exactKey(String key, long maxBytes, Duration ttl) {
    return builder(key, false, maxBytes, ttl).build();
  }

  /** An upload to any key starting with {@code prefix}, of at most {@code maxBytes}. */
  public static PostPolicyRequest keyPrefix(String prefix, long maxBytes, Duration ttl) {
    return builder(prefix, true, maxBytes, ttl).build();
  }

  public Builder toBuilder() {
    return new Builder()
        .key(key)
        .keyIsPrefix(keyIsPrefix)
        .sizeRange(minBytes, maxBytes)
        .contentTypePrefix(contentTypePrefix)
        .ttl(ttl)
        .metadata(metadata)
        .serverSideEncryption(serverSideEncryption);
  }

  public String key() {
    return key;
  }

  public boolean keyIsPrefix() {
    return keyIsPrefix;
  }

  public long minBytes() {
    return minBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The content type the upload must have (exact, or a prefix ending in '/'); empty: any. */
  public Optional<String> contentTypePrefix() {
    return Optional.ofNullable(contentTypePrefix);
  }

  public Duration ttl() {
    return ttl;
  }

  /** User metadata the upload must carry, exactly these values. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The server-side encryption the upload must ask for; empty: none required. */
  public Optional<String> serverSideEncryption() {
    return Optional.ofNullable(serverSideEncryption);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostPolicyRequest other
        && key.equals(other.key)
        && keyIsPrefix == other.keyIsPrefix
        && minBytes == other.minBytes
        && maxBytes == other.maxBytes
        && Objects.equals(contentTypePrefix, other.contentTypePrefix)
        && ttl.equals(other.ttl)
        && metadata.equals(other.metadata)
        && Objects.equals(serverSideEncryption, other.serverSideEncryption);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        key,
        keyIsPrefix,
        minBytes,
        maxBytes,
        contentTypePrefix,
        ttl,
        metadata,
        serverSideEncryption);
  }

  @Override
  public String toString() {
    return "PostPolicyRequest[key="
        + key
        + ", keyIsPrefix="
        + keyIsPrefix
        + ", minBytes="
        + minBytes
        + ", maxBytes="
        + maxBytes
        + ", contentTypePrefix="
        + contentTypePrefix
        + ", ttl="
        + ttl
        + ", metadata="
        + metadata.keySet()
        + ", serverSideEncryption="
        + serverSideEncryption
        + "]";
  }

  /** Builds a {@link PostPolicyRequest}. */
  public static final class Builder {
    private String key;
    private boolean keyIsPrefix;
    private long minBytes;
    private long maxBytes;
    private String contentTypePrefix;
    private Duration ttl;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String serverSideEncryption;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** When true, any key starting with {@link #key(String)} is accepted. */
    public Builder keyIsPrefix(boolean keyIsPrefix) {
      this.keyIsPrefix = keyIsPrefix;
      return this;
    }

    /** The size the upload must have: {@code 0 <= minBytes <= maxBytes}. */
    public Builder sizeRange(long minBytes, long maxBytes) {
      this.minBytes = minBytes;
      this.maxBytes = maxBytes;
      return this;
    }

    /** The content type the upload must have: exact, or a prefix ending in '/'; null: any. */
    public Builder contentTypePrefix(String prefix) {
      this.contentTypePrefix = prefix;
      return this;
    }

    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /** User metadata the upload must carry, exactly this value (the form sends it). */
    public Builder metadata(String name, String value) {
      metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** User metadata the upload must carry, exactly these values (the form sends them). */
    public Builder metadata(Map<String, String> values) {
      values.forEach(this::metadata);
      return this;
    }

    /** Server-side encryption the upload must ask for: {@code AES256} or {@code aws:kms}. */
    public Builder serverSideEncryption(String algorithm) {
      this.serverSideEncryption = algorithm;
      return this;
    }

    public PostPolicyRequest build() {
      return new PostPolicyRequest(this);
    }
  }
}
