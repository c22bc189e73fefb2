package dev.stowage.hub;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ResolvedSettings;
import dev.stowage.hub.config.SettingSources;
import dev.stowage.hub.store.ConnectionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves connections' settings through the {@link SettingSources}, the stored secrets unsealed,
 * and keeps each result until the record changes or {@code refreshInterval} passes: a key rotated
 * in the environment or configuration file is picked up within that interval, without resolving on
 * every call.
 */
final class HubSettings {

  private record Resolved(long version, Instant at, ResolvedSettings settings) {}

  private final SettingSources sources;
  private final Sealing sealing;
  private final DriverRegistry registry;
  private final Clock clock;
  private final Duration refreshInterval;
  private final ConcurrentHashMap<String, Resolved> cache = new ConcurrentHashMap<>();

  HubSettings(
      SettingSources sources,
      Sealing sealing,
      DriverRegistry registry,
      Clock clock,
      Duration refreshInterval) {
    this.sources = sources;
    this.sealing = sealing;
    this.registry = registry;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
  }

  SettingSources sources() {
    return sources;
  }

  ConfigSchema schema(ConnectionRecord record) {
    return registry.provider(record.provider()).configSchema();
  }

  /** The settings of {@code record}, from the cache while fresh. */
  ResolvedSettings resolve(ConnectionRecord record) {
    Instant now = clock.instant();
    Resolved cached = cache.get(record.id());
    if (cached != null
        && cached.version() == record.version()
        && now.isBefore(cached.at().plus(refreshInterval))) {
      return cached.settings();
    }
    ResolvedSettings fresh = resolveNow(record);
    cache.put(record.id(), new Resolved(record.version(), now, fresh));
    return fresh;
  }

  /** The settings of {@code record}, every source read again. */
  ResolvedSettings resolveNow(ConnectionRecord record) {
    DriverConfig.Builder stored = DriverConfig.builder();
    record.settings().forEach(stored::set);
    sealing.unsealAll(record.id(), record.sealedSecrets()).forEach(stored::secret);
    return resolve(record.id(), schema(record), stored.build());
  }

  /** The settings of a connection being added or edited, from its clear values. */
  ResolvedSettings resolve(String connectionId, ConfigSchema schema, DriverConfig stored) {
    ResolvedSettings resolved = sources.resolve(connectionId, schema, stored);
    try {
      // Every required setting present somewhere, no unknown names: fail now, not at first use.
      schema.resolve(resolved.config());
    } catch (StorageException e) {
      throw StorageException.of(
          Code.CONFIG_INVALID, "Connection '" + connectionId + "': " + e.getMessage());
    }
    return resolved;
  }

  void forget(String connectionId) {
    cache.remove(connectionId);
  }

  void forgetAll() {
    cache.clear();
  }
}
