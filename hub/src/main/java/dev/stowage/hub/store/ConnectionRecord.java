package dev.stowage.hub.store;

import dev.stowage.Feature;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One connection as a {@link ConnectionStore} keeps it. Secrets are sealed envelopes (see {@link
 * dev.stowage.hub.seal.SecretSealer}): a store never sees a secret in clear. {@code locations} is
 * the history of where the connection put files, oldest first; the last one is current. {@code
 * intendedFeatures} is what the connection is used for (empty: the default read/list/write/delete),
 * so "Check again" on a read-only key checks only reading.
 *
 * <p>{@code version} starts at 1 and grows by one with every stored change; stores use it for
 * optimistic concurrency.
 */
public record ConnectionRecord(
    String id,
    String provider,
    String label,
    Map<String, String> settings,
    Map<String, String> sealedSecrets,
    boolean enabled,
    Set<Feature> intendedFeatures,
    List<LocationRecord> locations,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public ConnectionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(label, "label");
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    sealedSecrets = Collections.unmodifiableMap(new TreeMap<>(sealedSecrets));
    intendedFeatures =
        intendedFeatures.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(intendedFeatures));
    locations = List.copyOf(locations);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (locations.isEmpty()) {
      throw new IllegalArgumentException(id + ": a connection has at least one location");
    }
    if (version < 1) {
      throw new IllegalArgumentException(id + ": versions start at 1, was " + version);
    }
  }

  /** Where new files of this connection go. */
  public LocationRecord currentLocation() {
    return locations.get(locations.size() - 1);
  }

  @Override
  public String toString() {
    // Sealed envelopes are not secrets, but a log line has no use for them either.
    return "ConnectionRecord[id=" + id + ", provider=" + provider + ", version=" + version + "]";
  }
}
