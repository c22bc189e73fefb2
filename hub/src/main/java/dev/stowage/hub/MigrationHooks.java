package dev.stowage.hub;

/**
 * Points inside a migration where a test injects what happens in the field: the destination's bytes
 * changing between upload and read-back, or the process dying after a copy is verified but before
 * the journal records it, or before a move deletes its source.
 */
interface MigrationHooks {

  MigrationHooks NONE = new MigrationHooks() {};

  /** After the upload, before the copy is read back. */
  default void afterUpload(FileRef source, FileRef copy) {}

  /** After the copy is verified, before the journal records it. */
  default void afterVerified(FileRef source, FileRef copy) {}

  /**
   * On a move, after the copy is journaled, before the source and the copy are checked again, the
   * old reference redirected and the source deleted.
   */
  default void beforeSourceDelete(FileRef source) {}
}
