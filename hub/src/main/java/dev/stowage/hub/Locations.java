package dev.stowage.hub;

import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.LocationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Locations: numbered snapshots of the settings that say where a connection puts files ({@link
 * ConfigProperty#locatesObjects()}). A reference names its location, so a file written before the
 * bucket changed is read from the old bucket; the driver is opened with that location's locating
 * settings and the connection's current other settings (credentials, tuning).
 */
final class Locations {

  private Locations() {}

  /** The locating settings in {@code config}, with the driver's defaults for those not set. */
  static Map<String, String> locating(ConfigSchema schema, DriverConfig config) {
    Map<String, String> where = new TreeMap<>();
    for (ConfigProperty p : schema.properties()) {
      if (!p.locatesObjects()) {
        continue;
      }
      String value =
          config.value(p.name()).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
      if (value == null) {
        value = p.defaultValue();
      }
      if (value != null) {
        where.put(p.name(), value);
      }
    }
    return where;
  }

  /**
   * The history with {@code where} as the current (last) location: unchanged when it already is; an
   * earlier identical location moved to the end, keeping its number; or a new number.
   */
  static List<LocationRecord> pointAt(List<LocationRecord> history, Map<String, String> where) {
    if (history.isEmpty()) {
      return List.of(new LocationRecord(1, where));
    }
    if (history.get(history.size() - 1).settings().equals(where)) {
      return history;
    }
    List<LocationRecord> next = new ArrayList<>();
    LocationRecord reused = null;
    int highest = 0;
    for (LocationRecord l : history) {
      highest = Math.max(highest, l.number());
      if (reused == null && l.settings().equals(where)) {
        reused = l;
      } else {
        next.add(l);
      }
    }
    next.add(reused != null ? reused : new LocationRecord(highest + 1, where));
    return next;
  }

  /** Location {@code number} of the connection, or {@code NOT_FOUND}. */
  /** The location of {@code record} with exactly these locating settings, if it has one. */
  static Optional<LocationRecord> matching(ConnectionRecord record, Map<String, String> where) {
    LocationRecord current = record.currentLocation();
    if (current.settings().equals(where)) {
      return Optional.of(current);
    }
    return record.locations().stream().filter(l -> l.settings().equals(where)).findFirst();
  }

  static LocationRecord find(ConnectionRecord record, int number) {
    for (LocationRecord l : record.locations()) {
      if (l.number() == number) {
        return l;
      }
    }
    throw StorageException.of(
        Code.NOT_FOUND, "Connection '" + record.id() + "' has no location " + number);
  }

  /** {@code resolved} with its locating settings replaced by those of {@code location}. */
  static DriverConfig configFor(
      ConfigSchema schema, DriverConfig resolved, LocationRecord location) {
    Set<String> locatingNames =
        schema.properties().stream()
            .filter(ConfigProperty::locatesObjects)
            .map(ConfigProperty::name)
            .collect(Collectors.toSet());
    DriverConfig.Builder config = DriverConfig.builder();
    for (String name : resolved.names()) {
      if (locatingNames.contains(name)) {
        continue;
      }
      var value = resolved.value(name);
      if (value.isPresent()) {
        config.set(name, value.get());
      } else {
        config.secret(name, resolved.secret(name).orElseThrow());
      }
    }
    location.settings().forEach(config::set);
    return config.build();
  }

  /** Whether two configs hold the same names, values and secrets. */
  static boolean sameConfig(DriverConfig a, DriverConfig b) {
    if (!a.names().equals(b.names())) {
      return false;
    }
    for (String name : a.names()) {
      if (!a.value(name).equals(b.value(name)) || !a.secret(name).equals(b.secret(name))) {
        return false;
      }
    }
    return true;
  }
}
