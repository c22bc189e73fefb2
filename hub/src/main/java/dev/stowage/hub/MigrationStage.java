package dev.stowage.hub;

/** The step of a migration at which one object failed. */
public enum MigrationStage {
  /** The source could not be listed, read or named by a reference. */
  READ_SOURCE,
  /** The destination refused the upload. */
  WRITE_DESTINATION,
  /**
   * The copy read back from the destination differs from what was read from the source (size or
   * SHA-256); the copy is removed and the source kept.
   */
  VERIFY,
  /** The copy is verified and recorded, but the source could not be deleted (a move). */
  DELETE_SOURCE
}
