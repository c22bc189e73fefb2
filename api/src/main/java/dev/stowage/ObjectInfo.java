package dev.stowage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows about one object: size, last change, content type, entity tag, user metadata
 * and the stored {@code Content-Disposition}. Listings may leave content type, metadata and
 * disposition empty when the provider does not return them with a list; {@code stat} fills them.
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
