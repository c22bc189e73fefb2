package dev.stowage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to store an object: its key, content type, user metadata, {@code Content-Disposition},
 * whether it may only create (fail with {@code ALREADY_EXISTS} rather than replace), and a progress
 * listener. The bytes are passed separately to {@link Store#upload}.
 */
public final class UploadRequest {

  private final String key;
  private final String contentType;
  private final Map<String, String> metadata;
  private final String contentDisposition;
  private final boolean createOnly;
  private final ProgressListener progress;

  private UploadRequest(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.contentType = b.contentType;
    this.metadata = Map.copyOf(b.metadata);
    this.contentDisposition = b.contentDisposition;
    this.createOnly = b.createOnly;
    this.progress = b.progress;
  }

  public static UploadRequest of(String key) {
    return builder(key).build();
  }

  public static Builder builder(String key) {
    return new Builder().key(key);
  }

  public Builder toBuilder() {
    Builder b =
        new Builder()
            .key(key)
            .contentType(contentType)
            .contentDisposition(contentDisposition)
            .createOnly(createOnly)
            .progress(progress);
    b.metadata.putAll(metadata);
    return b;
  }

  public String key() {
    return key;
  }

  /** The content type to store; empty means the driver picks one (usually from the name). */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** User metadata; names are lower-case. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public Optional<String> contentDisposition() {
    return Optional.ofNullable(contentDisposition);
  }

  /** When true the upload fails with {@code ALREADY_EXISTS} if the key exists. */
  public boolean createOnly() {
    return createOnly;
  }

  public ProgressListener progress() {
    return progress;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UploadRequest other
        && key.equals(other.key)
        && Objects.equals(contentType, other.contentType)
        && metadata.equals(other.metadata)
        && Objects.equals(contentDisposition, other.contentDisposition)
        && createOnly == other.createOnly
        && progress.equals(other.progress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, contentType, metadata, contentDisposition, createOnly, progress);
  }

  @Override
  public String toString() {
    // Metadata names only: their values are the application's, not ours to log.
    return "UploadRequest[key="
        + key
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + ", contentDisposition="
        + contentDisposition
        + ", createOnly="
        + createOnly
        + "]";
  }

  /** Builds an {@link UploadRequest}. */
  public static final class Builder {
    private String key;
    private String contentType;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String contentDisposition;
    private boolean createOnly;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    public Builder metadata(String name, String value) {
      metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder metadata(Map<String, String> values) {
      values.forEach(this::metadata);
      return this;
    }

    /** A raw {@code Content-Disposition} value; see {@link ContentDisposition} to build one. */
    public Builder contentDisposition(String contentDisposition) {
      this.contentDisposition = contentDisposition;
      return this;
    }

    /** Serve the object as a download named {@code filename} (RFC 6266, UTF-8 safe). */
    public Builder downloadFilename(String filename) {
      this.contentDisposition = ContentDisposition.attachment(filename);
      return this;
    }

    public Builder createOnly(boolean createOnly) {
      this.createOnly = createOnly;
      return this;
    }

    public Builder progress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public UploadRequest build() {
      return new UploadRequest(this);
    }
  }
}
