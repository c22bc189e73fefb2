package dev.stowage.hub;

import dev.stowage.Feature;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.LocationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Copies of a {@link ConnectionRecord} with one thing changed and the version moved on. */
final class Records {

  private Records() {}

  static ConnectionRecord next(
      ConnectionRecord r,
      String label,
      Map<String, String> settings,
      Map<String, String> sealedSecrets,
      boolean enabled,
      Set<Feature> intendedFeatures,
      List<LocationRecord> locations,
      Instant now) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        label,
        settings,
        sealedSecrets,
        enabled,
        intendedFeatures,
        locations,
        r.createdAt(),
        now,
        r.version() + 1);
  }

  static ConnectionRecord withLocations(
      ConnectionRecord r, List<LocationRecord> locations, Instant now) {
    return next(
        r,
        r.label(),
        r.settings(),
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        locations,
        now);
  }

  static ConnectionRecord withEnabled(ConnectionRecord r, boolean enabled, Instant now) {
    return next(
        r,
        r.label(),
        r.settings(),
        r.sealedSecrets(),
        enabled,
        r.intendedFeatures(),
        r.locations(),
        now);
  }
}
