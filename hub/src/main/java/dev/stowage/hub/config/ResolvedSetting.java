package dev.stowage.hub.config;

import java.util.Objects;

/**
 * One resolved setting as a settings page shows it: its name, where it came from, whether it is a
 * secret, the value to display ({@code ****} and the last four characters for a secret), and
 * whether surrounding whitespace was trimmed from what was pasted.
 */
public record ResolvedSetting(
    String name, SettingOrigin origin, boolean secret, String shownValue, boolean trimmed) {

  public ResolvedSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(shownValue, "shownValue");
  }

  /** Whether a settings page should lock the field: its value is managed outside the page. */
  public boolean lockedInUi() {
    return origin != SettingOrigin.CONNECTION_STORE && origin != SettingOrigin.DRIVER_DEFAULT;
  }
}
