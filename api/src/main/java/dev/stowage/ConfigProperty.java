package dev.stowage;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting a driver accepts: its name, whether it is required, whether it is a secret (masked in
 * UIs, sealed at rest, never logged), its default and a description for settings pages.
 */
public record ConfigProperty(
    String name, boolean required, boolean secret, String defaultValue, String description) {

  public ConfigProperty {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    if (required && defaultValue != null) {
      throw new IllegalArgumentException(name + ": a required property has no default");
    }
  }

  public static ConfigProperty required(String name, String description) {
    return new ConfigProperty(name, true, false, null, description);
  }

  public static ConfigProperty optional(String name, String defaultValue, String description) {
    return new ConfigProperty(name, false, false, defaultValue, description);
  }

  public static ConfigProperty secret(String name, boolean required, String description) {
    return new ConfigProperty(name, required, true, null, description);
  }

  public Optional<String> defaultIfAny() {
    return Optional.ofNullable(defaultValue);
  }
}
