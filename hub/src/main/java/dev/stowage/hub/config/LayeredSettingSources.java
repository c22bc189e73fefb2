package dev.stowage.hub.config;

import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The documented sources of connection settings, first wins: values given in code, environment
 * variables {@code STOWAGE_<ID>_<SETTING>}, Java system properties {@code stowage.<id>.<setting>},
 * the configuration file (same keys), then the connection store, the driver's default, and for
 * credentials the provider's own chain where the connection's {@code credentials} setting is {@code
 * default-chain}.
 *
 * <p>Nothing is frozen: every {@link #resolve} asks the environment and system properties again and
 * re-reads the configuration file if its modification time, size or identity changed, so a key
 * rotated outside the JVM is used on the next resolve. Values are trimmed (and reported as such);
 * an empty value counts as unset, so {@code STOWAGE_S3_MAIN_SECRET_ACCESS_KEY=} does not blank a
 * stored key. A setting the driver does not know, in the configuration file, system properties or
 * code, fails {@code CONFIG_INVALID} naming its key; the environment cannot be listed, so a
 * misspelt variable is not caught. Messages name keys and sources, never a value. Thread-safe.
 *
 * <pre>{@code
 * SettingSources sources =
 *     LayeredSettingSources.builder()
 *         .configFile(Path.of("/etc/shop/stowage.properties"))
 *         .explicit("s3-main", "region", "eu-west-1")
 *         .build();
 * }</pre>
 */
public final class LayeredSettingSources implements SettingSources {

  /** The file name {@link Builder#defaultConfigFile()} looks for in the working directory. */
  public static final String DEFAULT_CONFIG_FILE = "stowage.properties";

  private static final Set<String> RESERVED = Set.of(SettingKeys.PROVIDER, SettingKeys.LABEL);

  private final ExplicitLayer explicit;
  private final EnvironmentLayer environment;
  private final Supplier<Properties> systemProperties;
  private final ConfigFile configFile;

  private LayeredSettingSources(Builder b) {
    this.explicit = new ExplicitLayer(b.settings, b.providers, b.labels, b.uploadTarget);
    this.environment = new EnvironmentLayer(b.environment);
    this.systemProperties = b.systemProperties;
    this.configFile = b.configFile;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ResolvedSettings resolve(String connectionId, ConfigSchema schema, DriverConfig stored) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(stored, "stored");
    List<SettingLayer> layers = layers();
    checkNames(connectionId, schema, layers);
    return StoreOnlySettings.resolve(
        schema, stored, p -> first(layers, l -> l.connectionValue(connectionId, p.name())));
  }

  /**
   * Connections declared by {@code stowage.connections} / {@code STOWAGE_CONNECTIONS} (comma
   * separated) or in code, each with its provider ({@code stowage.<id>.provider} / {@code
   * STOWAGE_<ID>_PROVIDER}). An entry that is not a valid id, or a declared connection no source
   * gives a provider, fails {@code CONFIG_INVALID}.
   */
  @Override
  public Map<String, String> declaredConnections() {
    List<SettingLayer> layers = layers();
    Set<String> ids = new LinkedHashSet<>();
    for (SettingLayer layer : layers) {
      layer.globalValue(SettingKeys.CONNECTIONS).ifPresent(v -> ids.addAll(ids(layer, v)));
    }
    Map<String, String> declared = new LinkedHashMap<>();
    for (String id : ids) {
      SourcedValue provider =
          first(layers, l -> l.connectionValue(id, SettingKeys.PROVIDER))
              .orElseThrow(
                  () ->
                      invalid(
                          "Connection '"
                              + id
                              + "' is declared but no source gives its provider: set "
                              + SettingKeys.envName(id, SettingKeys.PROVIDER)
                              + " or "
                              + SettingKeys.propertyKey(id, SettingKeys.PROVIDER)));
      declared.put(id, provider.value());
    }
    for (SettingLayer layer : layers) {
      if (layer instanceof PropertiesLayer properties) {
        for (String id : properties.connectionIds()) {
          if (!ids.contains(id) && properties.namesFor(id).contains(SettingKeys.PROVIDER)) {
            throw invalid(
                "'"
                    + layer.keyFor(id, SettingKeys.PROVIDER)
                    + "' in "
                    + layer.where()
                    + " gives a provider for connection '"
                    + id
                    + "', which no "
                    + SettingKeys.globalPropertyKey(SettingKeys.CONNECTIONS)
                    + " or "
                    + SettingKeys.globalEnvName(SettingKeys.CONNECTIONS)
                    + " declares");
          }
        }
      }
    }
    return java.util.Collections.unmodifiableMap(declared);
  }

  /** The label a source gives a connection ({@code stowage.<id>.label}), if any. */
  @Override
  public Optional<String> declaredLabel(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId");
    return first(layers(), l -> l.connectionValue(connectionId, SettingKeys.LABEL))
        .map(SourcedValue::value);
  }

  /**
   * The connection a source names as the upload target ({@code stowage.uploadTarget} / {@code
   * STOWAGE_UPLOAD_TARGET}, or in code), if any; not a valid id fails {@code CONFIG_INVALID}.
   */
  @Override
  public Optional<String> declaredUploadTarget() {
    for (SettingLayer layer : layers()) {
      Optional<SourcedValue> target = layer.globalValue(SettingKeys.UPLOAD_TARGET);
      if (target.isPresent()) {
        String problem = ConnectionIds.problem(target.get().value());
        if (problem != null) {
          throw invalid(
              "'"
                  + layer.globalKeyFor(SettingKeys.UPLOAD_TARGET)
                  + "' in "
                  + layer.where()
                  + " cannot name the upload target: "
                  + problem);
        }
        return Optional.of(target.get().value());
      }
    }
    return Optional.empty();
  }

  /** Names the sources, never a value. */
  @Override
  public String toString() {
    return "LayeredSettingSources[code, environment, system properties"
        + (configFile == null ? "" : ", configuration file " + configFile.path())
        + ", connection store, driver defaults]";
  }

  /** How often the configuration file was read: for tests that an unchanged file is not. */
  int configFileReads() {
    return configFile == null ? 0 : configFile.reads();
  }

  /** The sources above the store, as they are now, in the order they win. */
  private List<SettingLayer> layers() {
    List<SettingLayer> layers = new ArrayList<>(4);
    layers.add(explicit);
    layers.add(environment);
    layers.add(systemPropertiesNow());
    if (configFile != null) {
      layers.add(configFile.current());
    }
    for (SettingLayer layer : layers) {
      if (layer instanceof PropertiesLayer properties) {
        properties.checkKeyShapes();
      }
    }
    return layers;
  }

  private PropertiesLayer systemPropertiesNow() {
    Properties properties = systemProperties.get();
    Map<String, String> stowage = new LinkedHashMap<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        if (key.startsWith(SettingKeys.PROPERTY_PREFIX)) {
          stowage.put(key, properties.getProperty(key));
        }
      }
    }
    return new PropertiesLayer(SettingOrigin.SYSTEM_PROPERTY, "system properties", stowage, false);
  }

  /**
   * A setting the driver does not know, in a source that can be listed, is a typo that must not
   * fall back silently; a secret in a configuration file others can read is refused.
   */
  private static void checkNames(String id, ConfigSchema schema, List<SettingLayer> layers) {
    List<String> unknown = new ArrayList<>();
    for (SettingLayer layer : layers) {
      for (String name : layer.namesFor(id)) {
        Optional<ConfigProperty> property = schema.property(name);
        if (property.isEmpty() && !RESERVED.contains(name)) {
          unknown.add("'" + layer.keyFor(id, name) + "' in " + layer.where());
        } else if (property.isPresent()
            && property.get().secret()
            && layer.exposesSecrets()
            && layer.connectionValue(id, name).isPresent()) {
          throw invalid(
              "The "
                  + layer.where()
                  + " holds the secret setting '"
                  + layer.keyFor(id, name)
                  + "' but group or others may read it: make it readable by the hub's user only"
                  + " (chmod 600)");
        }
      }
    }
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>();
      schema.properties().forEach(p -> known.add(p.name()));
      known.addAll(RESERVED);
      throw invalid(
          "Unknown setting(s) for connection '"
              + id
              + "': "
              + String.join("; ", unknown)
              + " (settings known: "
              + String.join(", ", known)
              + ")");
    }
  }

  private static List<String> ids(SettingLayer layer, SourcedValue list) {
    List<String> ids = new ArrayList<>();
    String[] entries = list.value().split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String id = entries[i].strip();
      if (id.isEmpty()) {
        continue;
      }
      String problem = ConnectionIds.problem(id);
      if (problem != null) {
        // The entry itself is not shown: a value from a source never reaches a message.
        throw invalid(
            "Entry "
                + (i + 1)
                + " of '"
                + layer.globalKeyFor(SettingKeys.CONNECTIONS)
                + "' in "
                + layer.where()
                + " cannot name a connection: "
                + problem);
      }
      ids.add(id);
    }
    return ids;
  }

  private static Optional<SourcedValue> first(
      List<SettingLayer> layers, Function<SettingLayer, Optional<SourcedValue>> lookup) {
    for (SettingLayer layer : layers) {
      Optional<SourcedValue> value = lookup.apply(layer);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static StorageException invalid(String message) {
    return StorageException.of(StorageException.Code.CONFIG_INVALID, message);
  }

  /**
   * Builds {@link LayeredSettingSources}; by default the real environment and system properties.
   */
  public static final class Builder {
    private final Map<String, Map<String, Secret>> settings = new LinkedHashMap<>();
    private final Map<String, String> providers = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String uploadTarget;
    private Function<String, String> environment = System::getenv;
    private Supplier<Properties> systemProperties = System::getProperties;
    private ConfigFile configFile;

    private Builder() {}

    /** A setting given in code; it wins over every other source. */
    public Builder explicit(String connectionId, String setting, String value) {
      put(connectionId, setting, value);
      return this;
    }

    /** A secret given in code; like {@link #explicit}, named so that the intent shows. */
    public Builder explicitSecret(String connectionId, String setting, String value) {
      put(connectionId, setting, value);
      return this;
    }

    public Builder explicitSecret(String connectionId, String setting, Secret value) {
      checkId(connectionId);
      Objects.requireNonNull(setting, "setting");
      settings
          .computeIfAbsent(connectionId, id -> new LinkedHashMap<>())
          .put(setting, present(connectionId, setting, value));
      return this;
    }

    /** Declares a connection in code: its id and provider id ({@code s3}, {@code r2}, ...). */
    public Builder connection(String connectionId, String provider) {
      checkId(connectionId);
      providers.put(connectionId, Objects.requireNonNull(provider, "provider"));
      return this;
    }

    public Builder connection(String connectionId, String provider, String label) {
      connection(connectionId, provider);
      labels.put(connectionId, Objects.requireNonNull(label, "label"));
      return this;
    }

    /** Names the connection that receives new uploads. */
    public Builder uploadTarget(String connectionId) {
      checkId(connectionId);
      this.uploadTarget = connectionId;
      return this;
    }

    /** Where environment variables are looked up by name; {@code System::getenv} by default. */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** Where system properties come from, asked on every resolve; the JVM's by default. */
    public Builder systemProperties(Supplier<Properties> systemProperties) {
      this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
      return this;
    }

    /** A configuration file that must exist (a missing one fails every resolve). */
    public Builder configFile(Path path) {
      this.configFile = new ConfigFile(path, true);
      return this;
    }

    /** A configuration file read when it exists; while it does not, it contributes nothing. */
    public Builder configFileIfExists(Path path) {
      this.configFile = new ConfigFile(path, false);
      return this;
    }

    /** {@value #DEFAULT_CONFIG_FILE} in the working directory, if it exists. */
    public Builder defaultConfigFile() {
      return configFileIfExists(Path.of(DEFAULT_CONFIG_FILE));
    }

    public LayeredSettingSources build() {
      return new LayeredSettingSources(this);
    }

    private void put(String connectionId, String setting, String value) {
      checkId(connectionId);
      Objects.requireNonNull(setting, "setting");
      settings
          .computeIfAbsent(connectionId, id -> new LinkedHashMap<>())
          .put(setting, Secret.of(present(connectionId, setting, value)));
    }

    private static <T> T present(String connectionId, String setting, T value) {
      if (value == null) {
        throw invalid(
            "Setting '"
                + setting
                + "' of connection '"
                + connectionId
                + "' was given no value (null) in code: is the variable it is read from set?");
      }
      return value;
    }

    private static void checkId(String connectionId) {
      Objects.requireNonNull(connectionId, "connectionId");
      ConnectionIds.require(connectionId, StorageException.Code.CONFIG_INVALID);
    }
  }
}
