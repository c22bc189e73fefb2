package dev.stowage.hub.config;

import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sources of a hub configured only through its connection store: what the store holds, then the
 * driver's defaults, then the provider's chain for credentials where the connection selects it. The
 * last layers of every richer {@link SettingSources}, which call {@link #resolve(ConfigSchema,
 * DriverConfig, Function)} with the sources they put above the store.
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
    return resolve(schema, stored, p -> Optional.empty());
  }

  /**
   * Resolves every setting of {@code schema}: the first of {@code above} (the sources over the
   * store, first wins), the store, the driver's default; a secret set nowhere is reported as coming
   * from the provider's chain when the resolved {@code credentials} setting is {@code
   * default-chain}.
   */
  static ResolvedSettings resolve(
      ConfigSchema schema,
      DriverConfig stored,
      Function<ConfigProperty, Optional<SourcedValue>> above) {
    boolean providerChain =
        schema
            .property(CREDENTIALS)
            .flatMap(p -> find(p, stored, above).map(SourcedValue::value).or(p::defaultIfAny))
            .map(DEFAULT_CHAIN::equals)
            .orElse(false);
    DriverConfig.Builder config = DriverConfig.builder();
    List<ResolvedSetting> shown = new ArrayList<>();
    for (ConfigProperty p : schema.properties()) {
      Optional<SourcedValue> found = find(p, stored, above);
      if (found.isPresent()) {
        SourcedValue v = found.get();
        if (p.secret()) {
          Secret secret = Secret.of(v.value());
          config.secret(p.name(), secret);
          shown.add(new ResolvedSetting(p.name(), v.origin(), true, secret.masked(), v.trimmed()));
        } else {
          config.set(p.name(), v.value());
          shown.add(new ResolvedSetting(p.name(), v.origin(), false, v.value(), v.trimmed()));
        }
      } else if (p.defaultValue() != null) {
        shown.add(
            new ResolvedSetting(
                p.name(),
                SettingOrigin.DRIVER_DEFAULT,
                p.secret(),
                p.secret() ? Secret.of(p.defaultValue()).masked() : p.defaultValue(),
                false));
      } else if (p.secret() && providerChain) {
        shown.add(new ResolvedSetting(p.name(), SettingOrigin.PROVIDER_CHAIN, true, "", false));
      }
    }
    return new ResolvedSettings(config.build(), shown);
  }

  /** The first source above the store that has the setting, else the store. */
  private static Optional<SourcedValue> find(
      ConfigProperty p,
      DriverConfig stored,
      Function<ConfigProperty, Optional<SourcedValue>> above) {
    return above.apply(p).or(() -> fromStore(p, stored));
  }

  private static Optional<SourcedValue> fromStore(ConfigProperty p, DriverConfig stored) {
    return p.secret()
        ? SourcedValue.of(SettingOrigin.CONNECTION_STORE, stored.secret(p.name()).orElse(null))
        : SourcedValue.of(SettingOrigin.CONNECTION_STORE, stored.value(p.name()).orElse(null));
  }
}
