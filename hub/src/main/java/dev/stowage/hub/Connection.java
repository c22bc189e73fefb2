package dev.stowage.hub;

import dev.stowage.Badge;
import dev.stowage.Feature;
import dev.stowage.Secret;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One connection as a host's settings screen shows it: its id, provider and badge, label, the
 * settings and secrets kept in the hub's connection store (secrets unsealed, but shown only masked:
 * {@link Secret#toString()} is {@code ****} and the last four characters), whether it is enabled,
 * what it is used for, the number of its current location, and its times and version. Settings from
 * the environment or a configuration file are not here: see {@link StorageHub#settings(String)}.
 *
 * <p>{@link #problem()} says, in plain language, what keeps the connection from being used when a
 * stored secret does not unseal (altered, or sealed with a master key the ring no longer holds):
 * such a secret is left out of {@link #secrets()}, the page can still show the connection and ask
 * for the secret again, and every operation on it fails {@code CONFIG_INVALID} until then.
 */
public record Connection(
    String id,
    String provider,
    Badge badge,
    String label,
    Map<String, String> settings,
    Map<String, Secret> secrets,
    boolean enabled,
    Set<Feature> intendedFeatures,
    int currentLocation,
    Instant createdAt,
    Instant updatedAt,
    long version,
    Optional<String> problem) {

  public Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(badge, "badge");
    Objects.requireNonNull(label, "label");
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
    intendedFeatures =
        intendedFeatures.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(intendedFeatures));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether the connection can be used as stored: every stored secret unseals. */
  public boolean usable() {
    return problem.isEmpty();
  }
}
