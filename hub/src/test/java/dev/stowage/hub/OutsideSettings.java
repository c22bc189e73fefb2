package dev.stowage.hub;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.hub.config.ResolvedSetting;
import dev.stowage.hub.config.ResolvedSettings;
import dev.stowage.hub.config.SettingOrigin;
import dev.stowage.hub.config.SettingSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain settings from "the environment", which a test changes while the hub runs, above the store:
 * a stand-in for the configuration sources, counting how often the hub resolves.
 */
final class OutsideSettings implements SettingSources {

  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final Map<String, String> declared = new ConcurrentHashMap<>();
  final AtomicInteger resolves = new AtomicInteger();

  void set(String connectionId, String setting, String value) {
    values.put(connectionId + "." + setting, value);
  }

  /** A connection declared outside the store, as a configuration file can. */
  void declare(String connectionId, String provider) {
    declared.put(connectionId, provider);
  }

  @Override
  public Map<String, String> declaredConnections() {
    return Map.copyOf(declared);
  }

  @Override
  public ResolvedSettings resolve(String connectionId, ConfigSchema schema, DriverConfig stored) {
    resolves.incrementAndGet();
    ResolvedSettings base = SettingSources.storeOnly().resolve(connectionId, schema, stored);
    DriverConfig.Builder config = base.config().toBuilder();
    List<ResolvedSetting> shown = new ArrayList<>();
    for (ResolvedSetting s : base.settings()) {
      String outside = values.get(connectionId + "." + s.name());
      if (outside == null) {
        shown.add(s);
      } else {
        config.set(s.name(), outside);
        shown.add(new ResolvedSetting(s.name(), SettingOrigin.ENVIRONMENT, false, outside, false));
      }
    }
    values.forEach(
        (name, value) -> {
          String setting = name.substring(connectionId.length() + 1);
          if (name.startsWith(connectionId + ".") && base.setting(setting).isEmpty()) {
            config.set(setting, value);
            shown.add(new ResolvedSetting(setting, SettingOrigin.ENVIRONMENT, false, value, false));
          }
        });
    return new ResolvedSettings(config.build(), shown);
  }
}
