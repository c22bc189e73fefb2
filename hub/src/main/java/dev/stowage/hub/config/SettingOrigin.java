package dev.stowage.hub.config;

/**
 * Where a connection's setting came from, in the order sources win (first wins). A host UI locks a
 * field whose value does not come from {@link #CONNECTION_STORE}, and says where it came from.
 */
public enum SettingOrigin {
  /** Given in the host's code when it built the hub. */
  CODE,
  /** An environment variable {@code STOWAGE_<CONNECTION>_<SETTING>}. */
  ENVIRONMENT,
  /** A Java system property {@code stowage.<connection>.<setting>}. */
  SYSTEM_PROPERTY,
  /** The hub's configuration file. */
  CONFIG_FILE,
  /** The connection store (a settings page): secrets sealed. */
  CONNECTION_STORE,
  /** Not set anywhere: the driver's default. */
  DRIVER_DEFAULT,
  /**
   * The provider's own credential chain (instance role, profile), where the connection selects it.
   */
  PROVIDER_CHAIN
}
