package dev.stowage.hub.config;

import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sources of a hub configured only through its connection store: what the store holds, then the
 * driver's defaults. The last layer of every richer {@link SettingSources}.
 */
final class StoreOnlySettings implements SettingSources {

  static final StoreOnlySettings INSTANCE = new StoreOnlySettings();

  /** The setting a driver uses to select the provider's own credential chain, and its value. */
  static final String CREDENTIALS = "credentials";

  static final String DEFAULT_CHAIN = "default-chain";

  private StoreOnlySettings() {}

  @Override
  public Map<String, String> declaredConnections() {
    return Map.of();
  }

  @Override
  public ResolvedSettings resolve(String connectionId, ConfigSchema schema, DriverConfig stored) {
    DriverConfig.Builder config = DriverConfig.builder();
    List<ResolvedSetting> shown = new ArrayList<>();
    boolean providerChain =
        stored.value(CREDENTIALS).map(v -> v.strip().equals(DEFAULT_CHAIN)).orElse(false);
    for (ConfigProperty p : schema.properties()) {
      Optional<ResolvedSetting> s = fromStore(p, stored, config);
      if (s.isPresent()) {
        shown.add(s.get());
      } else if (p.defaultValue() != null) {
        shown.add(
            new ResolvedSetting(
                p.name(), SettingOrigin.DRIVER_DEFAULT, false, p.defaultValue(), false));
      } else if (p.secret() && providerChain) {
        shown.add(new ResolvedSetting(p.name(), SettingOrigin.PROVIDER_CHAIN, true, "", false));
      }
    }
    return new ResolvedSettings(config.build(), shown);
  }

  /** Copies a stored setting into {@code config} and describes it, if the store has it. */
  static Optional<ResolvedSetting> fromStore(
      ConfigProperty p, DriverConfig stored, DriverConfig.Builder config) {
    if (p.secret()) {
      Optional<Secret> secret = stored.secret(p.name()).filter(s -> !s.isEmpty());
      secret.ifPresent(s -> config.secret(p.name(), s));
      return secret.map(
          s ->
              new ResolvedSetting(
                  p.name(), SettingOrigin.CONNECTION_STORE, true, s.masked(), s.wasTrimmed()));
    }
    Optional<String> value = stored.value(p.name()).filter(v -> !v.isBlank());
    value.ifPresent(v -> config.set(p.name(), v.strip()));
    return value.map(
        v ->
            new ResolvedSetting(
                p.name(), SettingOrigin.CONNECTION_STORE, false, v.strip(), !v.strip().equals(v)));
  }
}
