package dev.stowage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@code verify}, the "Check again" button: one check per thing that must work, each
 * passed or failed with a plain-language hint for the person fixing it.
 */
public record ConnectionReport(String driverId, Instant checkedAt, List<Check> checks) {

  /** One line of the report. {@code hint} says what to do when it failed (empty when passed). */
  public record Check(String name, boolean passed, String detail, String hint) {
    public Check {
      Objects.requireNonNull(name, "name");
      detail = detail == null ? "" : detail;
      hint = hint == null ? "" : hint;
    }

    public static Check pass(String name, String detail) {
      return new Check(name, true, detail, "");
    }

    public static Check fail(String name, String detail, String hint) {
      return new Check(name, false, detail, hint);
    }
  }

  public ConnectionReport {
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(checkedAt, "checkedAt");
    checks = List.copyOf(checks);
  }

  /** True when every check passed. */
  public boolean ok() {
    return checks.stream().allMatch(Check::passed);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}
