package dev.stowage.hub.config;

import dev.stowage.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A setting's value as one source holds it, surrounding whitespace removed. Its {@code toString}
 * never shows the value: it may be a secret, or a secret pasted into the wrong field.
 */
record SourcedValue(SettingOrigin origin, String value, boolean trimmed) {

  SourcedValue {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(value, "value");
  }

  /**
   * The value trimmed, or empty when {@code raw} is absent or only whitespace: an empty value
   * counts as unset, so a host exporting {@code STOWAGE_X_SECRET_ACCESS_KEY=} does not blank a
   * stored key.
   */
  static Optional<SourcedValue> of(SettingOrigin origin, String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String stripped = raw.strip();
    return Optional.of(new SourcedValue(origin, stripped, !stripped.equals(raw)));
  }

  static Optional<SourcedValue> of(SettingOrigin origin, Secret secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SourcedValue(origin, secret.reveal(), secret.wasTrimmed()));
  }

  @Override
  public String toString() {
    return "SourcedValue[" + origin + (trimmed ? ", trimmed" : "") + "]";
  }
}
