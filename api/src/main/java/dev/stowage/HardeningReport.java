package dev.stowage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The result of {@code harden}: one row per setting asked for, in a stable order. */
public record HardeningReport(List<Row> rows, boolean dryRun) {

  /** The state of one setting after (or, in a dry run, instead of) applying it. */
  public enum Status {
    /** It was off and is now on, confirmed by reading it back. */
    APPLIED,
    /** It was already on; nothing was changed. */
    ALREADY_SET,
    /** Dry run only: it is off, and applying the policy would turn it on. */
    NOT_SET,
    /** This endpoint cannot express it (the detail says what to do instead). */
    UNSUPPORTED,
    /** Applying or reading it failed (the detail says why). */
    FAILED
  }

  /** One card: which setting, its status, and a plain-language detail. */
  public record Row(HardeningSetting setting, Status status, String detail) {
    public Row {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(status, "status");
      detail = detail == null ? "" : detail;
    }
  }

  public HardeningReport {
    rows = List.copyOf(rows);
  }

  public Optional<Row> row(HardeningSetting setting) {
    return rows.stream().filter(r -> r.setting() == setting).findFirst();
  }

  /** True when no row failed and none is left off. */
  public boolean secure() {
    return rows.stream()
        .allMatch(r -> r.status() == Status.APPLIED || r.status() == Status.ALREADY_SET);
  }
}
