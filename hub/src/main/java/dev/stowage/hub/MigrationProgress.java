package dev.stowage.hub;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a migration stands, as a host shows it in a progress bar. {@code objectsFound} and {@code
 * bytesFound} are the totals found so far: a prefix is listed page by page while objects are
 * copied, so they grow until {@code listingComplete}. Objects verified in an earlier run count as
 * found, done and skipped from the start.
 *
 * @param objectsDone objects finished (copied, skipped or failed)
 * @param bytesDone bytes of the objects copied or skipped
 * @param objectsFound objects found so far
 * @param bytesFound bytes of the objects found so far
 * @param listingComplete whether every object to migrate has been found
 * @param currentKey the source key being copied, empty between objects
 * @param copied objects copied and verified in this run
 * @param skipped objects verified in an earlier run (read from the journal)
 * @param failed objects that failed in this run
 */
public record MigrationProgress(
    long objectsDone,
    long bytesDone,
    long objectsFound,
    long bytesFound,
    boolean listingComplete,
    Optional<String> currentKey,
    long copied,
    long skipped,
    long failed) {

  public MigrationProgress {
    Objects.requireNonNull(currentKey, "currentKey");
  }
}
