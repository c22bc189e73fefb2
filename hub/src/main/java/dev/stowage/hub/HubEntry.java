package dev.stowage.hub;

import dev.stowage.Badge;
import dev.stowage.ObjectInfo;
import java.util.Objects;

/**
 * One file in a hub listing or search: its reference, the connection holding it, that provider's
 * badge (for the host UI's "stored on" column) and what the listing reports (key, size, last
 * change, ETag).
 */
public record HubEntry(FileRef ref, String connectionId, Badge badge, ObjectInfo info) {

  public HubEntry {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(badge, "badge");
    Objects.requireNonNull(info, "info");
  }
}
