package dev.stowage.hub;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ResolvedSetting;
import dev.stowage.hub.config.ResolvedSettings;
import java.util.Collection;
import java.util.Optional;

/**
 * Refuses to store a setting or secret that could not take effect: one whose value comes from a
 * source above the connection store (code, environment, system property, configuration file). Kept
 * silently, it would show as saved and be ignored; the message says where to change it instead.
 */
final class LockedSettings {

  private LockedSettings() {}

  /**
   * Fails {@code CONFIG_INVALID} when one of {@code given} resolves from a source a settings page
   * locks, naming the setting and the source, never the value.
   */
  static void refuseLocked(
      String connectionId, Collection<String> given, ResolvedSettings resolved) {
    for (String name : given) {
      Optional<ResolvedSetting> setting = resolved.setting(name);
      if (setting.isPresent() && setting.get().lockedInUi()) {
        throw StorageException.of(
            Code.CONFIG_INVALID,
            "'"
                + name
                + "' of '"
                + connectionId
                + "' comes from "
                + where(setting.get())
                + "; change it there (a value stored in the hub would be ignored)");
      }
    }
  }

  private static String where(ResolvedSetting setting) {
    return switch (setting.origin()) {
      case CODE -> "the host's code";
      case ENVIRONMENT -> "the environment";
      case SYSTEM_PROPERTY -> "a Java system property";
      case CONFIG_FILE -> "the configuration file";
      case PROVIDER_CHAIN -> "the provider's own credential chain";
      case CONNECTION_STORE, DRIVER_DEFAULT -> "the connection store";
    };
  }
}
