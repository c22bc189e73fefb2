package dev.stowage.hub.config;

import dev.stowage.DriverConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection's settings after every source was consulted: the {@link DriverConfig} a driver is
 * opened with, and for each setting where it came from.
 */
public final class ResolvedSettings {

  private final DriverConfig config;
  private final Map<String, ResolvedSetting> settings;

  public ResolvedSettings(DriverConfig config, List<ResolvedSetting> settings) {
    this.config = Objects.requireNonNull(config, "config");
    Map<String, ResolvedSetting> byName = new LinkedHashMap<>();
    settings.forEach(s -> byName.put(s.name(), s));
    this.settings = java.util.Collections.unmodifiableMap(byName);
  }

  /** What the driver is opened with. Its {@code toString} masks secrets. */
  public DriverConfig config() {
    return config;
  }

  /** Every setting, in the driver's schema order. */
  public List<ResolvedSetting> settings() {
    return List.copyOf(settings.values());
  }

  public Optional<ResolvedSetting> setting(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  @Override
  public String toString() {
    return "ResolvedSettings" + settings.values();
  }
}
