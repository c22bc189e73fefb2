package dev.stowage.hub.config;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Where a hub looks for connection settings besides its connection store, in the documented order
 * of {@link SettingOrigin}. Implementations re-read what can change (a configuration file that was
 * edited, an environment given as a supplier), so a credential rotated outside the JVM is picked up
 * on the next resolve: credentials are never frozen when a driver is opened.
 */
public interface SettingSources {

  /** Only the connection store, then the driver's defaults: for hubs configured in code or a UI. */
  static SettingSources storeOnly() {
    return StoreOnlySettings.INSTANCE;
  }

  /**
   * Connections declared outside the store (configuration file, environment, system properties,
   * code): id to provider id. The hub adds the ones its store does not have yet.
   */
  Map<String, String> declaredConnections();

  /**
   * The label a source gives a declared connection, which the hub uses when it adds that connection
   * to its store; empty by default.
   */
  default Optional<String> declaredLabel(String connectionId) {
    return Optional.empty();
  }

  /**
   * The connection a source names as the upload target. The hub uses it only while its connection
   * store has none chosen: once a host switches the target (a settings page's choice), the store's
   * choice wins. Empty by default.
   */
  default Optional<String> declaredUploadTarget() {
    return Optional.empty();
  }

  /**
   * The settings of one connection: every source consulted for every setting in {@code schema},
   * {@code stored} (the connection store's values and unsealed secrets) below the external sources
   * and above the driver's defaults. Fails {@code CONFIG_INVALID} naming the setting (never its
   * value) when a source holds something unusable.
   */
  ResolvedSettings resolve(String connectionId, ConfigSchema schema, DriverConfig stored);
}
