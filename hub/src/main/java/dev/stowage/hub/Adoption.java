package dev.stowage.hub;

import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.store.FileRecord;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects that exist on a connection but not in the hub's file index — written by another tool, a
 * console, an older application — found page by page, and given references: a record in the index
 * with the object's size, content type and ETag (from a stat, since listings do not carry the type
 * on every provider).
 */
final class Adoption {

  private static final Logger log = LoggerFactory.getLogger(Adoption.class);

  private final Connections connections;
  private final HubFiles files;
  private final HubListing listing;

  Adoption(Connections connections, HubFiles files, HubListing listing) {
    this.connections = connections;
    this.files = files;
    this.listing = listing;
  }

  /**
   * The objects under {@code prefix} at the connection's current location that the index does not
   * know, listed lazily one store page at a time (memory stays bounded by a page).
   */
  Stream<HubEntry> unadopted(String connectionId, String prefix) {
    connections.existing(connectionId);
    HubListRequest first = HubListRequest.builder().connection(connectionId).prefix(prefix).build();
    return Page.streamAll(cursor -> listing.list(first.toBuilder().cursor(cursor).build()))
        .filter(e -> !known(e.ref()));
  }

  /** Adopts every unadopted object under the prefix; each is handed to {@code each}. */
  long adoptAll(String connectionId, String prefix, Consumer<StoredFile> each) {
    long adopted = 0;
    try (Stream<HubEntry> found = unadopted(connectionId, prefix)) {
      for (HubEntry entry : (Iterable<HubEntry>) found::iterator) {
        Optional<StoredFile> file = adoptIfPresent(entry.ref());
        if (file.isPresent()) {
          each.accept(file.get());
          adopted++;
        }
      }
    }
    log.info("Adopted {} objects on connection '{}'", adopted, connectionId);
    return adopted;
  }

  /**
   * Records one object; {@code NOT_FOUND} if it does not exist, {@code ALREADY_EXISTS} if the index
   * already knows it (adopting would drop a move's redirect).
   */
  StoredFile adopt(FileRef ref) {
    if (known(ref)) {
      throw StorageException.builder(
              Code.ALREADY_EXISTS, "The hub already knows this file: " + ref.connectionId())
          .key(ref.key())
          .build();
    }
    return adoptIfPresent(ref)
        .orElseThrow(
            () ->
                StorageException.builder(
                        Code.NOT_FOUND, "No object to adopt at " + ref.connectionId())
                    .key(ref.key())
                    .build());
  }

  private Optional<StoredFile> adoptIfPresent(FileRef ref) {
    ObjectInfo info;
    StoredFile file;
    try (Lease lease = files.lease(ref)) {
      try {
        info = lease.store().stat(ref.key());
      } catch (StorageException e) {
        if (e.code() == Code.NOT_FOUND) {
          return Optional.empty(); // deleted since it was listed
        }
        throw e;
      }
      String type = info.contentType().orElse(HubFiles.DEFAULT_CONTENT_TYPE);
      file =
          new StoredFile(
              ref,
              ref.connectionId(),
              info.size(),
              type,
              info.etag(),
              lease.store().descriptor().badge());
    }
    connections
        .store()
        .putFile(
            new FileRecord(
                ref.connectionId(),
                ref.key(),
                ref.location(),
                info.size(),
                file.contentType(),
                info.etag(),
                files.clock().instant(),
                Optional.empty()));
    log.debug("Adopted {}", ref);
    return Optional.of(file);
  }

  private boolean known(FileRef ref) {
    return connections.store().file(ref.connectionId(), ref.location(), ref.key()).isPresent();
  }
}
