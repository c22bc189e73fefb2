package dev.stowage.hub.config;

import java.util.Optional;
import java.util.Set;

/**
 * One source above the connection store (code, environment, system properties, configuration file),
 * as read at one moment. Values come trimmed; an empty value is absent (counts as unset).
 */
interface SettingLayer {

  SettingOrigin origin();

  /**
   * Where this source is, for messages: "the environment", "configuration file stowage.properties".
   */
  String where();

  /** The name under which this source holds a connection's setting, for messages. */
  String keyFor(String connectionId, String name);

  /** The name under which this source holds a global setting, for messages. */
  String globalKeyFor(String name);

  /** A connection's setting (or {@code provider}/{@code label}) as this source holds it. */
  Optional<SourcedValue> connectionValue(String connectionId, String name);

  /** A global setting ({@code connections}, {@code uploadTarget}) as this source holds it. */
  Optional<SourcedValue> globalValue(String name);

  /**
   * Every name this source holds for the connection, for catching typos; empty for a source that
   * cannot be listed reliably (the environment).
   */
  Set<String> namesFor(String connectionId);

  /**
   * Whether a secret read from this source is refused because others can read the source (a
   * configuration file group or others may read).
   */
  default boolean exposesSecrets() {
    return false;
  }
}
