package dev.stowage.hub;

import dev.stowage.Badge;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.Feature;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ConnectionIds;
import dev.stowage.hub.config.ResolvedSettings;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.LocationRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's connections: adding, editing, enabling, removing them in the connection store, and
 * leasing the store that serves one of their locations. Keeps each record's current location in
 * step with its resolved locating settings, whether an edit or an outside source changed them.
 */
final class Connections {

  private static final Logger log = LoggerFactory.getLogger(Connections.class);
  private static final int LOCATION_UPDATE_ATTEMPTS = 5;

  /** {@link #lease}'s location for "the connection's current location". */
  static final int CURRENT = 0;

  private final ConnectionStore store;
  private final HubSettings settings;
  private final Sealing sealing;
  private final DriverRegistry registry;
  private final OpenStores stores;
  private final Clock clock;

  Connections(
      ConnectionStore store,
      HubSettings settings,
      Sealing sealing,
      DriverRegistry registry,
      OpenStores stores,
      Clock clock) {
    this.store = store;
    this.settings = settings;
    this.sealing = sealing;
    this.registry = registry;
    this.stores = stores;
    this.clock = clock;
  }

  ConnectionStore store() {
    return store;
  }

  HubSettings settings() {
    return settings;
  }

  // ---- reading ---------------------------------------------------------------------------------

  ConnectionRecord existing(String id) {
    Optional<ConnectionRecord> record = store.connection(id);
    if (record.isEmpty()) {
      // Removed, perhaps by another hub on the same store: nothing of it stays open here.
      stores.retire(id);
      settings.forget(id);
      throw StorageException.of(Code.NOT_FOUND, "No connection named '" + id + "'");
    }
    return record.get();
  }

  Badge badge(String provider) {
    return registry.provider(provider).descriptor().badge();
  }

  /** The connection as a settings page shows it, even when a stored secret does not unseal. */
  Connection view(ConnectionRecord r) {
    Sealing.Unsealed secrets = sealing.unsealReadable(r.id(), r.sealedSecrets());
    return new Connection(
        r.id(),
        r.provider(),
        badge(r.provider()),
        r.label(),
        r.settings(),
        secrets.secrets(),
        r.enabled(),
        r.intendedFeatures(),
        locationInEffect(r),
        r.createdAt(),
        r.updatedAt(),
        r.version(),
        secrets.problem());
  }

  /**
   * Where this hub's settings put new files of {@code r}: usually the record's last location, but
   * an outside source may point at an earlier one again. The record's last one where the settings
   * cannot be resolved now (the connection then shows its problem anyway).
   */
  private int locationInEffect(ConnectionRecord r) {
    try {
      return Locations.matching(
              r, Locations.locating(settings.schema(r), settings.resolve(r).config()))
          .orElse(r.currentLocation())
          .number();
    } catch (StorageException e) {
      return r.currentLocation().number();
    }
  }

  // ---- changing --------------------------------------------------------------------------------

  Connection add(ConnectionSpec spec) {
    String id = ConnectionIds.require(spec.id(), Code.CONFIG_INVALID);
    ConfigSchema schema = registry.provider(spec.provider()).configSchema();
    SettingNames.check(
        id, spec.provider(), schema, spec.settings().keySet(), spec.secrets().keySet());
    if (store.connection(id).isPresent()) {
      throw StorageException.of(
          Code.ALREADY_EXISTS, "A connection named '" + id + "' already exists");
    }
    DriverConfig.Builder clear = DriverConfig.builder();
    spec.settings().forEach(clear::set);
    spec.secrets().forEach(clear::secret);
    ResolvedSettings resolved = settings.resolve(id, schema, clear.build());
    LockedSettings.refuseLocked(
        id, given(spec.settings().keySet(), spec.secrets().keySet()), resolved);
    Map<String, String> sealed = new TreeMap<>();
    spec.secrets().forEach((name, secret) -> sealed.put(name, sealing.seal(id, name, secret)));
    Instant now = clock.instant();
    ConnectionRecord record =
        new ConnectionRecord(
            id,
            spec.provider(),
            spec.label(),
            spec.settings(),
            sealed,
            spec.enabled(),
            spec.intendedFeatures(),
            Locations.pointAt(List.of(), Locations.locating(schema, resolved.config())),
            now,
            now,
            1);
    store.insert(record);
    log.debug("Added connection '{}' ({})", id, spec.provider());
    return view(record);
  }

  Connection edit(String id, ConnectionEdit edit) {
    ConnectionRecord r = existing(id);
    if (edit.expectedVersion().isPresent() && edit.expectedVersion().getAsLong() != r.version()) {
      throw changedMeanwhile(id);
    }
    ConfigSchema schema = settings.schema(r);
    SettingNames.check(id, r.provider(), schema, edit.settings().keySet(), edit.secrets().keySet());
    Map<String, String> plain = new TreeMap<>(r.settings());
    edit.settings()
        .forEach(
            (name, value) ->
                value.ifPresentOrElse(v -> plain.put(name, v), () -> plain.remove(name)));
    Map<String, String> sealed = sealing.apply(id, r.sealedSecrets(), edit.secrets());
    Set<Feature> features = edit.intendedFeatures().orElse(r.intendedFeatures());
    String label = edit.label().orElse(r.label());
    Instant now = clock.instant();
    ConnectionRecord candidate =
        Records.next(r, label, plain, sealed, r.enabled(), features, r.locations(), now);
    ResolvedSettings resolved = settings.resolveNow(candidate);
    LockedSettings.refuseLocked(id, givenValues(edit), resolved);
    List<LocationRecord> locations =
        Locations.pointAt(r.locations(), Locations.locating(schema, resolved.config()));
    ConnectionRecord next =
        Records.next(r, label, plain, sealed, r.enabled(), features, locations, now);
    store.update(next);
    settings.forget(id);
    log.debug(
        "Edited connection '{}': version {}, current location {}",
        id,
        next.version(),
        next.currentLocation().number());
    return view(next);
  }

  Connection setEnabled(String id, boolean enabled) {
    ConnectionRecord r = existing(id);
    if (r.enabled() == enabled) {
      return view(r);
    }
    ConnectionRecord next = Records.withEnabled(r, enabled, clock.instant());
    store.update(next);
    log.debug("Connection '{}' {}", id, enabled ? "enabled" : "disabled");
    return view(next);
  }

  void remove(String id, boolean force) {
    ConnectionRecord r = existing(id);
    if (!force) {
      long live = store.countLiveFiles(id);
      if (live > 0) {
        throw StorageException.of(
            Code.PRECONDITION_FAILED,
            "Connection '"
                + id
                + "' still holds "
                + live
                + " file(s) the hub knows: move them to another connection first, or remove it"
                + " with force (their references then stop resolving)");
      }
      long redirects = store.countFiles(id);
      if (redirects > 0) {
        throw StorageException.of(
            Code.PRECONDITION_FAILED,
            "Connection '"
                + id
                + "' holds no files, but old references to "
                + redirects
                + " moved file(s) still redirect through it: disable it instead (old references"
                + " keep working and it takes no uploads), or remove it with force (those old"
                + " references then stop resolving)");
      }
    }
    store.delete(id, r.version());
    stores.retire(id);
    settings.forget(id);
    log.debug("Removed connection '{}'", id);
  }

  /**
   * The connection new uploads go to: the store's choice, else the one the setting sources declare
   * (the store's choice wins once a host makes one).
   */
  Optional<String> uploadTarget() {
    return store.uploadTarget().or(() -> settings.sources().declaredUploadTarget());
  }

  void switchUploadTarget(String id) {
    ConnectionRecord r = existing(id);
    if (!r.enabled()) {
      throw StorageException.of(
          Code.PRECONDITION_FAILED,
          "Connection '" + id + "' is disabled and takes no new uploads: enable it first");
    }
    store.uploadTarget(id);
    log.debug("Upload target is now connection '{}'", id);
  }

  private static List<String> given(Set<String> settings, Set<String> secrets) {
    List<String> names = new ArrayList<>(settings);
    names.addAll(secrets);
    return names;
  }

  /** The settings and secrets an edit gives a value (removing a stored value is always allowed). */
  private static List<String> givenValues(ConnectionEdit edit) {
    List<String> names = new ArrayList<>();
    edit.settings().forEach((name, value) -> value.ifPresent(v -> names.add(name)));
    edit.secrets().forEach((name, value) -> value.ifPresent(v -> names.add(name)));
    return names;
  }

  static StorageException changedMeanwhile(String id) {
    return StorageException.of(
        Code.PRECONDITION_FAILED,
        "Connection '" + id + "' was changed by someone else meanwhile; reload it and try again");
  }

  // ---- leasing stores --------------------------------------------------------------------------

  /**
   * A lease on the store serving {@code location} of the connection ({@link #CURRENT} for where new
   * files go), opened with that location's locating settings and the current other settings.
   */
  Lease lease(ConnectionRecord record, int location) {
    ConnectionRecord r = record;
    ResolvedSettings resolved = settings.resolve(r);
    ConfigSchema schema = settings.schema(r);
    LocationRecord inEffect;
    for (int attempt = 1; ; attempt++) {
      Map<String, String> where = Locations.locating(schema, resolved.config());
      Optional<LocationRecord> known = Locations.matching(r, where);
      if (known.isPresent()) {
        // Known already (current, or an earlier one an outside source points at again): no
        // write, so two application servers whose sources disagree do not take turns rewriting
        // the shared record; each puts new files where its own settings say, under that number.
        inEffect = known.get();
        break;
      }
      // An outside source (environment, configuration file) moved the connection somewhere new.
      ConnectionRecord moved =
          Records.withLocations(r, Locations.pointAt(r.locations(), where), clock.instant());
      try {
        store.update(moved);
        log.debug(
            "Connection '{}' now puts new files at location {} (its settings changed outside)",
            r.id(),
            moved.currentLocation().number());
        r = moved;
        resolved = settings.resolve(r);
        inEffect = r.currentLocation();
        break;
      } catch (StorageException e) {
        if (e.code() != Code.PRECONDITION_FAILED || attempt == LOCATION_UPDATE_ATTEMPTS) {
          throw e;
        }
        r = existing(r.id()); // another hub moved it first; look again
        resolved = settings.resolve(r);
      }
    }
    LocationRecord where = location == CURRENT ? inEffect : Locations.find(r, location);
    DriverConfig config = Locations.configFor(schema, resolved.config(), where);
    return stores.lease(r.id(), where.number(), r.provider(), config, RecordVersion.of(r));
  }
}
