package dev.stowage.hub;

import dev.stowage.Feature;
import dev.stowage.Secret;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A connection to add to a hub: its id (a slug such as {@code s3-main}), provider id, label,
 * settings, secrets (sealed before they reach the connection store), what it is used for, and
 * whether it starts enabled. Settings may be left to the environment or a configuration file.
 *
 * <pre>{@code
 * hub.add(ConnectionSpec.builder("s3-main", "s3")
 *     .label("Downloads (S3)")
 *     .set("bucket", "shop-downloads").set("region", "eu-west-1")
 *     .build());
 * }</pre>
 */
public final class ConnectionSpec {

  private final String id;
  private final String provider;
  private final String label;
  private final Map<String, String> settings;
  private final Map<String, Secret> secrets;
  private final Set<Feature> intendedFeatures;
  private final boolean enabled;

  private ConnectionSpec(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.provider = Objects.requireNonNull(b.provider, "provider");
    this.label = b.label == null ? b.id : b.label;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
    this.intendedFeatures =
        b.intendedFeatures.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(b.intendedFeatures));
    this.enabled = b.enabled;
  }

  public static Builder builder(String id, String provider) {
    return new Builder(id, provider);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id, provider).label(label).intendedFeatures(intendedFeatures);
    b.settings.putAll(settings);
    b.secrets.putAll(secrets);
    return b.enabled(enabled);
  }

  public String id() {
    return id;
  }

  public String provider() {
    return provider;
  }

  /** The name a settings screen shows; the id unless set. */
  public String label() {
    return label;
  }

  public Map<String, String> settings() {
    return settings;
  }

  public Map<String, Secret> secrets() {
    return secrets;
  }

  /** What the connection is used for; empty for the default (read, list, write, delete). */
  public Set<Feature> intendedFeatures() {
    return intendedFeatures;
  }

  public boolean enabled() {
    return enabled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionSpec other
        && id.equals(other.id)
        && provider.equals(other.provider)
        && label.equals(other.label)
        && settings.equals(other.settings)
        && secrets.equals(other.secrets)
        && intendedFeatures.equals(other.intendedFeatures)
        && enabled == other.enabled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, provider, label, settings, secrets.keySet(), intendedFeatures, enabled);
  }

  @Override
  public String toString() {
    return "ConnectionSpec[id="
        + id
        + ", provider="
        + provider
        + ", settings="
        + settings
        + ", secrets="
        + secrets
        + ", enabled="
        + enabled
        + "]";
  }

  /** Builds a {@link ConnectionSpec}. */
  public static final class Builder {
    private final String id;
    private final String provider;
    private String label;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private Set<Feature> intendedFeatures = Set.of();
    private boolean enabled = true;

    private Builder(String id, String provider) {
      this.id = id;
      this.provider = provider;
    }

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** A plain setting, such as the bucket; a secret setting must go through {@link #secret}. */
    public Builder set(String name, String value) {
      settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** A secret setting, sealed before it is stored. Prefer the environment or config file. */
    public Builder secret(String name, String value) {
      return secret(name, Secret.of(Objects.requireNonNull(value, name)));
    }

    public Builder secret(String name, Secret value) {
      secrets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    public Builder intendedFeatures(Set<Feature> features) {
      this.intendedFeatures = Set.copyOf(Objects.requireNonNull(features, "features"));
      return this;
    }

    /** Whether the connection takes new uploads from the start (true unless set). */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public ConnectionSpec build() {
      return new ConnectionSpec(this);
    }
  }
}
