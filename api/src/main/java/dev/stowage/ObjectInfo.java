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
 */
public record ObjectInfo(
    String key,
    long size,
    Instant lastModified,
    String contentType,
    String etag,
    Map<String, String> metadata,
    String contentDisposition) {

  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (size < 0) {
      throw new IllegalArgumentException("size < 0");
    }
  }

  /** The part of the key after the last '/'. */
  public String filename() {
    return Keys.filename(key);
  }

  public Optional<String> contentTypeIfKnown() {
    return Optional.ofNullable(contentType);
  }

  public Optional<String> contentDispositionIfSet() {
    return Optional.ofNullable(contentDisposition);
  }
}
