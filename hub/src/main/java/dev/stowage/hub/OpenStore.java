package dev.stowage.hub;

import dev.stowage.DriverConfig;
import dev.stowage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store the hub opened for one location of one connection, with the config it was opened with and
 * a count of leases. A replaced store is retired: it takes no new lease and closes when its last
 * one is released, so a download still streaming from it is not cut.
 */
final class OpenStore {

  private static final Logger log = LoggerFactory.getLogger(OpenStore.class);

  private final String connectionId;
  private final int location;
  private final String provider;
  private final DriverConfig config;
  private final RecordVersion version;
  private final Store store;
  private int leases;
  private boolean retired;
  private boolean closed;

  OpenStore(
      String connectionId,
      int location,
      String provider,
      DriverConfig config,
      RecordVersion version,
      Store store) {
    this.connectionId = connectionId;
    this.location = location;
    this.provider = provider;
    this.config = config;
    this.version = version;
    this.store = store;
  }

  Store store() {
    return store;
  }

  int location() {
    return location;
  }

  /**
   * Whether this store serves a caller that read the connection at {@code version} and needs {@code
   * config}: it was opened with exactly that, or from a newer record than the caller's (a caller
   * holding a stale record must not replace the store an edit just opened).
   */
  boolean serves(String provider, DriverConfig config, RecordVersion version) {
    return this.version.newerThan(version)
        || (this.provider.equals(provider) && Locations.sameConfig(this.config, config));
  }

  /** A lease, or null once retired. */
  synchronized Lease tryLease() {
    if (retired) {
      return null;
    }
    leases++;
    return new Lease(this);
  }

  void release() {
    boolean closeNow;
    synchronized (this) {
      leases--;
      closeNow = retired && leases == 0 && !closed;
      closed |= closeNow;
    }
    if (closeNow) {
      closeStore();
    }
  }

  /** No new leases; closes now if none is held, else when the last one is released. */
  void retire() {
    boolean closeNow;
    synchronized (this) {
      retired = true;
      closeNow = leases == 0 && !closed;
      closed |= closeNow;
    }
    if (closeNow) {
      closeStore();
    }
  }

  private void closeStore() {
    try {
      store.close();
      log.debug("Closed the store of connection '{}' location {}", connectionId, location);
    } catch (RuntimeException e) {
      log.warn(
          "Closing the store of connection '{}' location {} failed: {}",
          connectionId,
          location,
          e.toString());
    }
  }
}
