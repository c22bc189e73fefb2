package dev.stowage.hub;

/** Whether a migration leaves the source objects in place ({@link #COPY}) or removes them. */
public enum MigrationMode {
  /** Copies each object; the source keeps it and its reference keeps naming it. */
  COPY,
  /**
   * Copies each object, verifies the copy, then deletes the source; the old reference is redirected
   * to the copy ({@code movedTo} in the file index) and keeps resolving.
   */
  MOVE
}
