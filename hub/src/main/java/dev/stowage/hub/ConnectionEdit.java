package dev.stowage.hub;

import dev.stowage.Feature;
import dev.stowage.Secret;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A change to a connection: only what is given changes. An edit that points the connection at
 * another bucket or folder gives it a new location; files written before keep resolving from the
 * old one. With {@link Builder#expectedVersion} the edit applies only if nobody changed the
 * connection since the version a settings form was loaded with.
 *
 * <pre>{@code
 * hub.edit("s3-main", ConnectionEdit.builder()
 *     .secret("accessKeyId", newKeyId).secret("secretAccessKey", newSecret)
 *     .build());
 * }</pre>
 */
public final class ConnectionEdit {

  private final String label;
  private final Map<String, Optional<String>> settings;
  private final Map<String, Optional<Secret>> secrets;
  private final Set<Feature> intendedFeatures;
  private final Long expectedVersion;

  private ConnectionEdit(Builder b) {
    this.label = b.label;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
    this.intendedFeatures =
        b.intendedFeatures == null
            ? null
            : b.intendedFeatures.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(b.intendedFeatures));
    this.expectedVersion = b.expectedVersion;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.label = label;
    b.settings.putAll(settings);
    b.secrets.putAll(secrets);
    b.intendedFeatures = intendedFeatures;
    b.expectedVersion = expectedVersion;
    return b;
  }

  /** The new label, if it changes. */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /** Plain settings that change: a value to set, or empty to unset. */
  public Map<String, Optional<String>> settings() {
    return settings;
  }

  /** Secrets that change: a value to seal and store, or empty to remove. */
  public Map<String, Optional<Secret>> secrets() {
    return secrets;
  }

  /** The new intended features, if they change. */
  public Optional<Set<Feature>> intendedFeatures() {
    return Optional.ofNullable(intendedFeatures);
  }

  /** The version the connection must still have for the edit to apply. */
  public OptionalLong expectedVersion() {
    return expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionEdit other
        && Objects.equals(label, other.label)
        && settings.equals(other.settings)
        && secrets.equals(other.secrets)
        && Objects.equals(intendedFeatures, other.intendedFeatures)
        && Objects.equals(expectedVersion, other.expectedVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, settings, secrets.keySet(), intendedFeatures, expectedVersion);
  }

  @Override
  public String toString() {
    return "ConnectionEdit[label="
        + label
        + ", settings="
        + settings
        + ", secrets="
        + secrets.keySet()
        + ", intendedFeatures="
        + intendedFeatures
        + ", expectedVersion="
        + expectedVersion
        + "]";
  }

  /** Builds a {@link ConnectionEdit}. */
  public static final class Builder {
    private String label;
    private final Map<String, Optional<String>> settings = new LinkedHashMap<>();
    private final Map<String, Optional<Secret>> secrets = new LinkedHashMap<>();
    private Set<Feature> intendedFeatures;
    private Long expectedVersion;

    private Builder() {}

    public Builder label(String label) {
      this.label = Objects.requireNonNull(label, "label");
      return this;
    }

    public Builder set(String name, String value) {
      settings.put(
          Objects.requireNonNull(name, "name"), Optional.of(Objects.requireNonNull(value, name)));
      return this;
    }

    /** Removes a plain setting from the store (the driver's default or another source applies). */
    public Builder unset(String name) {
      settings.put(Objects.requireNonNull(name, "name"), Optional.empty());
      return this;
    }

    public Builder secret(String name, String value) {
      return secret(name, Secret.of(Objects.requireNonNull(value, name)));
    }

    public Builder secret(String name, Secret value) {
      secrets.put(
          Objects.requireNonNull(name, "name"), Optional.of(Objects.requireNonNull(value, name)));
      return this;
    }

    /** Removes a stored secret (another source, or none, applies). */
    public Builder unsetSecret(String name) {
      secrets.put(Objects.requireNonNull(name, "name"), Optional.empty());
      return this;
    }

    public Builder intendedFeatures(Set<Feature> features) {
      this.intendedFeatures = Set.copyOf(Objects.requireNonNull(features, "features"));
      return this;
    }

    /** Apply only if the connection still has this version; else {@code PRECONDITION_FAILED}. */
    public Builder expectedVersion(long version) {
      this.expectedVersion = version;
      return this;
    }

    public ConnectionEdit build() {
      return new ConnectionEdit(this);
    }
  }
}
