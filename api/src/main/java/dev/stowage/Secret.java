package dev.stowage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential that never prints its value: {@link #toString()} shows {@code ****WXYZ} (the last
 * four characters, and only when the value is long enough that they give nothing away). Only {@link
 * #reveal()} returns the value, so every place that uses it is easy to find.
 */
public final class Secret {

  private static final int MIN_LENGTH_TO_SHOW_TAIL = 12;

  private final String value;
  private final boolean trimmed;

  private Secret(String value, boolean trimmed) {
    this.value = value;
    this.trimmed = trimmed;
  }

  /**
   * Wraps a value, trimming surrounding whitespace (a common paste mistake); {@link #wasTrimmed()}
   * tells whether any was removed so the caller can warn.
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    String stripped = value.strip();
    return new Secret(stripped, !stripped.equals(value));
  }

  /** The value itself. Never log it. */
  public String reveal() {
    return value;
  }

  /** Whether {@link #of} removed surrounding whitespace from the pasted value. */
  public boolean wasTrimmed() {
    return trimmed;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The masked form for UIs and logs: {@code ****WXYZ}, or {@code ****} for short values. */
  public String masked() {
    if (value.length() < MIN_LENGTH_TO_SHOW_TAIL) {
      return "****";
    }
    return "****" + value.substring(value.length() - 4);
  }

  @Override
  public String toString() {
    return masked();
  }

  /** Constant-time comparison, so equality checks leak no timing. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.length();
  }
}
