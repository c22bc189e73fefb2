package dev.stowage;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one connection: plain values and {@link Secret}s, by name. Immutable; its {@link
 * #toString()} masks every secret. Typed getters fail with {@code CONFIG_INVALID} naming the
 * setting, never echoing a secret.
 */
public final class DriverConfig {

  private final Map<String, String> values;
  private final Map<String, Secret> secrets;

  DriverConfig(Map<String, String> values, Map<String, Secret> secrets) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
  }

  public static DriverConfig empty() {
    return new DriverConfig(Map.of(), Map.of());
  }

  /** Plain values only; put secrets in with {@link Builder#secret}. */
  public static DriverConfig of(Map<String, String> values) {
    return new DriverConfig(values, Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    b.secrets.putAll(secrets);
    return b;
  }

  /** Every name set, plain or secret. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>(values.keySet());
    names.addAll(secrets.keySet());
    return names;
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** A secret by name; a plain value under that name is treated as a secret too. */
  public Optional<Secret> secret(String name) {
    Secret s = secrets.get(name);
    if (s != null) {
      return Optional.of(s);
    }
    return value(name).map(Secret::of);
  }

  /** All secrets held, for redaction. */
  public Iterable<Secret> secrets() {
    return secrets.values();
  }

  public String require(String name) {
    return value(name).orElseThrow(() -> invalid(name, "is required"));
  }

  public Secret requireSecret(String name) {
    return secret(name).orElseThrow(() -> invalid(name, "is required"));
  }

  public Optional<Long> longValue(String name) {
    return value(name)
        .map(
            v -> {
              try {
                return Long.parseLong(v.strip());
              } catch (NumberFormatException e) {
                throw invalid(name, "must be a whole number, was '" + v + "'");
              }
            });
  }

  public Optional<Boolean> booleanValue(String name) {
    return value(name)
        .map(
            v -> {
              String s = v.strip().toLowerCase(java.util.Locale.ROOT);
              if (s.equals("true") || s.equals("false")) {
                return Boolean.valueOf(s);
              }
              throw invalid(name, "must be true or false, was '" + v + "'");
            });
  }

  /** A duration as ISO-8601 ({@code PT15M}) or whole seconds. */
  public Optional<Duration> durationValue(String name) {
    return value(name)
        .map(
            v -> {
              try {
                return v.strip().matches("\\d+")
                    ? Duration.ofSeconds(Long.parseLong(v.strip()))
                    : Duration.parse(v.strip());
              } catch (RuntimeException e) {
                throw invalid(name, "must be seconds or an ISO-8601 duration, was '" + v + "'");
              }
            });
  }

  public Optional<URI> uriValue(String name) {
    return value(name)
        .map(
            v -> {
              try {
                URI uri = new URI(v.strip());
                if (!uri.isAbsolute() || uri.getHost() == null) {
                  throw invalid(name, "must be an absolute http(s) URL, was '" + v + "'");
                }
                return uri;
              } catch (java.net.URISyntaxException e) {
                throw invalid(name, "must be a URL, was '" + v + "'");
              }
            });
  }

  private static StorageException invalid(String name, String what) {
    return StorageException.of(
        StorageException.Code.CONFIG_INVALID, "Setting '" + name + "' " + what);
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>(values);
    secrets.forEach((k, v) -> shown.put(k, v.masked()));
    return "DriverConfig" + shown;
  }

  /** Builds a {@link DriverConfig}. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a plain setting; a null value fails {@code CONFIG_INVALID} naming the setting. */
    public Builder set(String name, String value) {
      values.put(name, present(name, value));
      return this;
    }

    public Builder set(String name, Object value) {
      return set(name, String.valueOf(present(name, value)));
    }

    /**
     * Sets a secret setting; a null value (typically an environment variable that is not set) fails
     * {@code CONFIG_INVALID} naming the setting.
     */
    public Builder secret(String name, String value) {
      secrets.put(name, Secret.of(present(name, value)));
      return this;
    }

    public Builder secret(String name, Secret value) {
      secrets.put(name, present(name, value));
      return this;
    }

    public DriverConfig build() {
      return new DriverConfig(values, secrets);
    }

    private static <T> T present(String name, T value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        throw StorageException.of(
            StorageException.Code.CONFIG_INVALID,
            "Setting '"
                + Keys.printable(name)
                + "' was given no value (null): is the environment variable or property it is"
                + " read from set? Leave an optional setting out instead.");
      }
      return value;
    }
  }
}
