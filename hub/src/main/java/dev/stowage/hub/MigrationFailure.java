package dev.stowage.hub;

import dev.stowage.StorageException.Code;
import java.util.Objects;

/**
 * One object a migration could not copy, verify or delete: the reference it was read from, the step
 * that failed, the error's code and a message of the hub's own words (never a provider's response
 * text).
 */
public record MigrationFailure(FileRef source, MigrationStage stage, Code code, String message) {

  public MigrationFailure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
