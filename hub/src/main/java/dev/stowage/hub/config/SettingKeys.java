package dev.stowage.hub.config;

import java.util.Locale;

/**
 * The names under which external sources hold a connection's settings: {@code
 * stowage.<id>.<setting>} in system properties and the configuration file, {@code
 * STOWAGE_<ID>_<SETTING>} in the environment. Names are built from (id, setting) and looked up,
 * never parsed back, so {@code s3} and {@code s3-main} cannot be confused.
 */
public final class SettingKeys {

  static final String PROPERTY_PREFIX = "stowage.";
  static final String ENV_PREFIX = "STOWAGE_";

  /** Global name: the comma-separated ids of the connections a source declares. */
  static final String CONNECTIONS = "connections";

  /** Global name: the id of the connection that receives new uploads. */
  static final String UPLOAD_TARGET = "uploadTarget";

  /** Per-connection name, not a driver setting: the provider id of a declared connection. */
  static final String PROVIDER = "provider";

  /** Per-connection name, not a driver setting: the label a settings page shows. */
  static final String LABEL = "label";

  private SettingKeys() {}

  /** {@code stowage.s3-main.accessKeyId}. */
  public static String propertyKey(String connectionId, String name) {
    return PROPERTY_PREFIX + connectionId + "." + name;
  }

  /** {@code stowage.uploadTarget}. */
  static String globalPropertyKey(String name) {
    return PROPERTY_PREFIX + name;
  }

  /** {@code STOWAGE_S3_MAIN_ACCESS_KEY_ID}: the id upper-cased, {@code -} to {@code _}. */
  public static String envName(String connectionId, String name) {
    return ENV_PREFIX + connectionId.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + snake(name);
  }

  /** {@code STOWAGE_UPLOAD_TARGET}. */
  static String globalEnvName(String name) {
    return ENV_PREFIX + snake(name);
  }

  /** camelCase to UPPER_SNAKE: {@code publicBaseUrl} to {@code PUBLIC_BASE_URL}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = camel.charAt(i - 1);
        if (Character.isLowerCase(before) || Character.isDigit(before)) {
          out.append('_');
        }
      }
      out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return out.toString();
  }
}
