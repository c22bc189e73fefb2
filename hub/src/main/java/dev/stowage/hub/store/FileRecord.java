package dev.stowage.hub.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file the hub knows on a connection: uploaded through it, adopted, or moved away ({@code
 * movedTo} then holds the reference it lives at now, so the old reference keeps resolving). {@code
 * location} is the {@link LocationRecord#number()} it was written under; a store holds one record
 * per connection, location and key.
 */
public record FileRecord(
    String connectionId,
    String key,
    int location,
    long size,
    String contentType,
    Optional<String> etag,
    Instant recordedAt,
    Optional<String> movedTo) {

  public FileRecord {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(movedTo, "movedTo");
    if (location < 1) {
      throw new IllegalArgumentException("location numbers start at 1, was " + location);
    }
  }
}
