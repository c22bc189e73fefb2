package dev.stowage;

import java.util.Objects;
import java.util.Optional;

/**
 * One setting a driver accepts: its name, whether it is required, whether it is a secret (masked in
 * UIs, sealed at rest, never logged), its default, a description for settings pages, and whether it
 * says <em>where</em> objects live ({@link #locatesObjects()}: a bucket, a root folder, an
 * endpoint).
 *
 * <p>A multi-provider host records the locating settings a file was written under, so a file
 * written before the connection was pointed at another bucket is still read from the old one.
 * Credentials and tuning (part sizes, timeouts) do not locate objects.
 */
public record ConfigProperty(
    String name,
    boolean required,
    boolean secret,
    String defaultValue,
    String description,
    boolean locatesObjects) {

  /** A setting that does not locate objects. */
  public ConfigProperty(
      String name, boolean required, boolean secret, String defaultValue, String description) {
    this(name, required, secret, defaultValue, description, false);
  }

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

  /** This setting, marked as one that says where objects live. A secret never locates objects. */
  public ConfigProperty locating() {
    if (secret) {
      throw new IllegalArgumentException(name + ": a secret does not locate objects");
    }
    return new ConfigProperty(name, required, false, defaultValue, description, true);
  }

  public Optional<String> defaultIfAny() {
    return Optional.ofNullable(defaultValue);
  }
}
