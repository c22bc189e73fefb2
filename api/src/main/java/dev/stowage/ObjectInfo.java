package dev.stowage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows about one object: size, last change, content type, entity tag, user metadata
 * and the stored {@code Content-Disposition}. Listings leave metadata empty and content type and
 * disposition unset when the provider does not return them with a list (S3 and R2 never do), which
 * does not mean the object has none: {@code stat} fills them.
 *
 * <pre>{@code
 * ObjectInfo.builder(key).size(n).lastModified(t).contentType(typeOrNull).etag(etagOrNull).build();
 * }</pre>
 */
public final class ObjectInfo {

  private final String key;
  private final long size;
  private final Instant lastModified;
  private final String contentType;
  private final String etag;
  private final Map<String, String> metadata;
  private final String contentDisposition;

  private ObjectInfo(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.lastModified = Objects.requireNonNull(b.lastModified, "lastModified");
    if (b.size < 0) {
      throw new IllegalArgumentException("size < 0");
    }
    this.size = b.size;
    this.contentType = b.contentType;
    this.etag = b.etag;
    this.metadata = b.metadata == null ? Map.of() : Map.copyOf(b.metadata);
    this.contentDisposition = b.contentDisposition;
  }

  public static Builder builder(String key) {
    return new Builder().key(key);
  }

  public Builder toBuilder() {
    return new Builder()
        .key(key)
        .size(size)
        .lastModified(lastModified)
        .contentType(contentType)
        .etag(etag)
        .metadata(metadata)
        .contentDisposition(contentDisposition);
  }

  public String key() {
    return key;
  }

  public long size() {
    return size;
  }

  public Instant lastModified() {
    return lastModified;
  }

  /** The stored content type; empty when unknown (listings on S3 and R2). */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The entity tag as the provider sends it (quoted); empty when the provider has none. */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /** User metadata; empty in listings. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The stored {@code Content-Disposition}; empty when none is stored or it is not known. */
  public Optional<String> contentDisposition() {
    return Optional.ofNullable(contentDisposition);
  }

  /** The part of the key after the last '/'. */
  public String filename() {
    return Keys.filename(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectInfo other
        && key.equals(other.key)
        && size == other.size
        && lastModified.equals(other.lastModified)
        && Objects.equals(contentType, other.contentType)
        && Objects.equals(etag, other.etag)
        && metadata.equals(other.metadata)
        && Objects.equals(contentDisposition, other.contentDisposition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, lastModified, contentType, etag, metadata, contentDisposition);
  }

  @Override
  public String toString() {
    return "ObjectInfo[key="
        + key
        + ", size="
        + size
        + ", lastModified="
        + lastModified
        + ", contentType="
        + contentType
        + ", etag="
        + etag
        // Names only: values may be customers' or orders' ids, which logs should not collect.
        + ", metadata="
        + metadata.keySet()
        + ", contentDisposition="
        + contentDisposition
        + "]";
  }

  /** Builds an {@link ObjectInfo}; the optional values accept null for "not known". */
  public static final class Builder {
    private String key;
    private long size;
    private Instant lastModified;
    private String contentType;
    private String etag;
    private Map<String, String> metadata;
    private String contentDisposition;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder size(long size) {
      this.size = size;
      return this;
    }

    public Builder lastModified(Instant lastModified) {
      this.lastModified = lastModified;
      return this;
    }

    /** The content type, or null when not known. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /** The entity tag, or null when the provider has none. */
    public Builder etag(String etag) {
      this.etag = etag;
      return this;
    }

    /** User metadata; null means none. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** The stored {@code Content-Disposition}, or null when none. */
    public Builder contentDisposition(String contentDisposition) {
      this.contentDisposition = contentDisposition;
      return this;
    }

    public ObjectInfo build() {
      return new ObjectInfo(this);
    }
  }
}
