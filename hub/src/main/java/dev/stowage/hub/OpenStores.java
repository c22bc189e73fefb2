package dev.stowage.hub;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores a hub has open, one per (connection, location), opened on first use and replaced when
 * the config they need differs from the one they were opened with (keys rotated, a setting edited
 * or changed in the environment).
 */
final class OpenStores implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenStores.class);

  private record Slot(String connectionId, int location) {}

  private final DriverRegistry registry;
  private final DriverContext context;
  private final ConcurrentHashMap<Slot, OpenStore> open = new ConcurrentHashMap<>();
  private volatile boolean closed;

  OpenStores(DriverRegistry registry, DriverContext context) {
    this.registry = registry;
    this.context = context;
  }

  /**
   * A lease on the store for this location of this connection, opened with {@code config} for the
   * connection record at {@code version}.
   */
  Lease lease(
      String connectionId,
      int location,
      String provider,
      DriverConfig config,
      RecordVersion version) {
    Slot slot = new Slot(connectionId, location);
    while (true) {
      checkOpen();
      OpenStore[] replaced = new OpenStore[1];
      OpenStore current =
          open.compute(
              slot,
              (s, old) -> {
                if (old != null && old.serves(provider, config, version)) {
                  return old;
                }
                // Opening does no network I/O (the SPI's rule), so holding the slot is brief.
                Store store = registry.open(provider, config, context);
                log.debug(
                    "{} the store of connection '{}' location {} ({})",
                    old == null ? "Opened" : "Reopened",
                    connectionId,
                    location,
                    old == null ? "first use" : "its settings changed");
                replaced[0] = old;
                return new OpenStore(connectionId, location, provider, config, version, store);
              });
      if (replaced[0] != null) {
        replaced[0].retire();
      }
      Lease lease = current.tryLease();
      if (lease == null) {
        continue; // retired between compute and lease by a concurrent replace or remove
      }
      if (closed) {
        lease.close();
        current.retire();
        checkOpen();
      }
      return lease;
    }
  }

  /** Retires every store of a connection (removed, or gone from the store). */
  void retire(String connectionId) {
    List<OpenStore> gone = new ArrayList<>();
    open.forEach(
        (slot, store) -> {
          if (slot.connectionId().equals(connectionId) && open.remove(slot, store)) {
            gone.add(store);
          }
        });
    gone.forEach(OpenStore::retire);
  }

  private void checkOpen() {
    if (closed) {
      throw StorageException.builder(Code.UNAVAILABLE, "This storage hub is closed")
          .retryable(false)
          .build();
    }
  }

  @Override
  public void close() {
    closed = true;
    List<OpenStore> all = new ArrayList<>();
    open.forEach(
        (slot, store) -> {
          if (open.remove(slot, store)) {
            all.add(store);
          }
        });
    all.forEach(OpenStore::retire);
  }
}
