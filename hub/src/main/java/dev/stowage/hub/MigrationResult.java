package dev.stowage.hub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a migration did: the reference of every object verified at the destination, old to new
 * (objects verified in earlier runs of the same journal included), how many objects were copied
 * now, skipped (verified in an earlier run, or found already at the destination with the source's
 * size and SHA-256), or failed, each failure, and whether it was cancelled before the end.
 */
public record MigrationResult(
    Map<FileRef, FileRef> refs,
    long copied,
    long skipped,
    long failed,
    List<MigrationFailure> failures,
    boolean cancelled) {

  public MigrationResult {
    refs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(refs, "refs")));
    failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
  }

  /**
   * Where the object once at {@code old} is now, if this migration (or an earlier run) moved it.
   */
  public Optional<FileRef> newRef(FileRef old) {
    return Optional.ofNullable(refs.get(old));
  }

  /** Whether every object was migrated: nothing failed and nothing was left by a cancel. */
  public boolean complete() {
    return failed == 0 && !cancelled;
  }
}
