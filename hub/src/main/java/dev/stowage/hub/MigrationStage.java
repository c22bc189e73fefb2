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
  /**
   * The destination key already holds another object (not the source's bytes): the copy was not
   * written, and both objects are left as they are.
   */
  COLLISION,
  /**
   * The copy is verified and recorded, but the source was not deleted (a move): deleting failed, or
   * the source or the copy changed since the verification ({@code PRECONDITION_FAILED}).
   */
  DELETE_SOURCE
}
