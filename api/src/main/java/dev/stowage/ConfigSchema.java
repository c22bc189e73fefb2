package dev.stowage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The settings a driver accepts. {@link #resolve} checks a {@link DriverConfig} against it: every
 * required setting present, no unknown names (a typo is an error, not a silent default), secrets
 * kept as {@link Secret}, defaults filled in.
 */
public record ConfigSchema(List<ConfigProperty> properties) {

  public ConfigSchema {
    properties = List.copyOf(properties);
  }

  public static ConfigSchema of(ConfigProperty... properties) {
    return new ConfigSchema(List.of(properties));
  }

  public Optional<ConfigProperty> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The config with defaults applied, or {@code CONFIG_INVALID} naming every problem found. */
  public DriverConfig resolve(DriverConfig config) {
    List<String> problems = new ArrayList<>();
    for (String name : config.names()) {
      if (property(name).isEmpty()) {
        problems.add("unknown setting '" + name + "'");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    for (ConfigProperty p : properties) {
      Optional<Secret> secret = config.secret(p.name());
      Optional<String> value = config.value(p.name());
      if (p.secret() && secret.isPresent() && !secret.get().isEmpty()) {
        secrets.put(p.name(), secret.get());
      } else if (value.isPresent() && !value.get().isBlank()) {
        values.put(p.name(), value.get().strip());
      } else if (p.defaultValue() != null) {
        values.put(p.name(), p.defaultValue());
      } else if (p.required()) {
        problems.add("missing required setting '" + p.name() + "'");
      }
    }
    if (!problems.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      properties.forEach(p -> known.add(p.name()));
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          String.join("; ", problems) + " (settings known: " + String.join(", ", known) + ")");
    }
    return new DriverConfig(values, secrets);
  }
}
