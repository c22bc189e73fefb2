package dev.stowage.hub;

/**
 * Told how a migration advances: before each object and after it, one call at a time (on a worker
 * thread when the plan's parallelism is above 1). An exception thrown here stops the migration
 * (objects in flight finish) and is passed to the caller; the journal keeps what was verified. To
 * stop cleanly after the current object, answer {@code true} from {@link #cancelled()} (a host's
 * "Cancel" button), or interrupt the thread that called {@code migrate}.
 */
@FunctionalInterface
public interface MigrationListener {

  /** A listener that ignores progress and never cancels. */
  MigrationListener NONE = progress -> {};

  void onProgress(MigrationProgress progress);

  /** Asked before each object; {@code true} stops the migration before it starts that object. */
  default boolean cancelled() {
    return false;
  }
}
