package dev.stowage.hub;

import dev.stowage.Badge;
import java.util.Objects;
import java.util.Optional;

/**
 * A file just uploaded through a {@link StorageHub}: the reference to keep, the connection that
 * holds it and its provider's badge, its size, content type and, where the provider reports one,
 * its ETag.
 */
public record StoredFile(
    FileRef ref,
    String connectionId,
    long size,
    String contentType,
    Optional<String> etag,
    Badge badge) {

  public StoredFile {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(badge, "badge");
  }
}
