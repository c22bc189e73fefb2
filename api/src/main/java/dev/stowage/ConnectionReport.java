package dev.stowage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@code verify}, the "Check again" button: one check per thing that must work, each
 * with a status and a plain-language hint for the person fixing it.
 */
public record ConnectionReport(String driverId, Instant checkedAt, List<Check> checks) {

  /** How a check came out. */
  public enum Status {
    /** It works. */
    PASSED,
    /** It does not work; the hint says what to fix. */
    FAILED,
    /**
     * Nothing went wrong, but the answer could not prove it works (a read-only key asking for a
     * missing key gets 403 from S3 either way); the hint says how to confirm it.
     */
    UNCONFIRMED,
    /** Not checked: the connection is not used for it (see {@link VerifyRequest}). */
    NOT_NEEDED
  }

  /** One line of the report. {@code hint} says what to do when it failed (empty when passed). */
  public record Check(String name, Status status, String detail, String hint) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      detail = detail == null ? "" : detail;
      hint = hint == null ? "" : hint;
    }

    public static Check pass(String name, String detail) {
      return new Check(name, Status.PASSED, detail, "");
    }

    public static Check fail(String name, String detail, String hint) {
      return new Check(name, Status.FAILED, detail, hint);
    }

    public static Check unconfirmed(String name, String detail, String hint) {
      return new Check(name, Status.UNCONFIRMED, detail, hint);
    }

    public static Check notNeeded(String name, String detail) {
      return new Check(name, Status.NOT_NEEDED, detail, "");
    }

    public boolean passed() {
      return status == Status.PASSED;
    }

    public boolean failed() {
      return status == Status.FAILED;
    }
  }

  public ConnectionReport {
    Objects.requireNonNull(driverId, "driverId");
    Objects.requireNonNull(checkedAt, "checkedAt");
    checks = List.copyOf(checks);
  }

  /** True when no check failed (unconfirmed and not-needed checks do not fail a connection). */
  public boolean ok() {
    return checks.stream().noneMatch(Check::failed);
  }

  public List<Check> failures() {
    return checks.stream().filter(Check::failed).toList();
  }

  /** The check of this name, if the report has one. */
  public java.util.Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
