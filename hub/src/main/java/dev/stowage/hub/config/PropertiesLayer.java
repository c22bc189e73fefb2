package dev.stowage.hub.config;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings held as {@code stowage.<id>.<setting>} keys (plus {@code stowage.connections} and {@code
 * stowage.uploadTarget}): Java system properties or the configuration file. Every key is listed, so
 * a key of an unexpected shape, or (on resolve) an unknown setting, fails instead of being ignored.
 */
final class PropertiesLayer implements SettingLayer {

  private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Set<String> GLOBALS =
      Set.of(SettingKeys.CONNECTIONS, SettingKeys.UPLOAD_TARGET);

  private final SettingOrigin origin;
  private final String where;
  private final boolean exposesSecrets;
  private final Map<String, String> globals = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> byConnection = new LinkedHashMap<>();
  private final List<String> malformedKeys = new ArrayList<>();

  /**
   * @param entries every key to consider: a configuration file's keys all belong to Stowage; of the
   *     system properties only those starting {@code stowage.} are passed
   */
  PropertiesLayer(
      SettingOrigin origin, String where, Map<String, String> entries, boolean exposesSecrets) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.where = Objects.requireNonNull(where, "where");
    this.exposesSecrets = exposesSecrets;
    entries.forEach(this::add);
  }

  static PropertiesLayer empty(SettingOrigin origin, String where) {
    return new PropertiesLayer(origin, where, Map.of(), false);
  }

  private void add(String key, String value) {
    if (!key.startsWith(SettingKeys.PROPERTY_PREFIX)) {
      malformedKeys.add(key);
      return;
    }
    String rest = key.substring(SettingKeys.PROPERTY_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot < 0) {
      if (GLOBALS.contains(rest)) {
        globals.put(rest, value);
      } else {
        malformedKeys.add(key);
      }
      return;
    }
    String id = rest.substring(0, dot);
    String name = rest.substring(dot + 1);
    if (!ConnectionIds.isValid(id) || !SETTING_NAME.matcher(name).matches()) {
      malformedKeys.add(key);
      return;
    }
    byConnection.computeIfAbsent(id, i -> new LinkedHashMap<>()).put(name, value);
  }

  /**
   * Fails {@code CONFIG_INVALID} naming every key that is neither a global nor {@code
   * stowage.<connection-id>.<setting>}: a misspelt key must not be silently ignored.
   */
  void checkKeyShapes() {
    if (!malformedKeys.isEmpty()) {
      List<String> shown = new ArrayList<>();
      malformedKeys.stream().sorted().forEach(k -> shown.add("'" + Keys.printable(k) + "'"));
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Unrecognised key(s) in "
              + where
              + ": "
              + String.join(", ", shown)
              + " (expected stowage.connections, stowage.uploadTarget or"
              + " stowage.<connection-id>.<setting>)");
    }
  }

  /** The connection ids this source holds settings for. */
  Set<String> connectionIds() {
    return Collections.unmodifiableSet(byConnection.keySet());
  }

  @Override
  public SettingOrigin origin() {
    return origin;
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public String keyFor(String connectionId, String name) {
    return SettingKeys.propertyKey(connectionId, name);
  }

  @Override
  public String globalKeyFor(String name) {
    return SettingKeys.globalPropertyKey(name);
  }

  @Override
  public Optional<SourcedValue> connectionValue(String connectionId, String name) {
    return SourcedValue.of(origin, byConnection.getOrDefault(connectionId, Map.of()).get(name));
  }

  @Override
  public Optional<SourcedValue> globalValue(String name) {
    return SourcedValue.of(origin, globals.get(name));
  }

  @Override
  public Set<String> namesFor(String connectionId) {
    return byConnection.getOrDefault(connectionId, Map.of()).keySet();
  }

  @Override
  public boolean exposesSecrets() {
    return exposesSecrets;
  }
}
