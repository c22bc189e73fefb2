package dev.stowage;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a batch delete, one entry per key asked for, in the order asked. A key that did
 * not exist counts as deleted (deleting is idempotent); a key that could not be deleted carries its
 * error code and a message.
 */
public record DeleteResult(List<Outcome> outcomes) {

  public DeleteResult {
    outcomes = List.copyOf(outcomes);
  }

  /** What happened to one key. */
  public record Outcome(String key, StorageException.Code error, String message) {

    public static Outcome deleted(String key) {
      return new Outcome(key, null, null);
    }

    public static Outcome failed(String key, StorageException.Code error, String message) {
      return new Outcome(key, error, message);
    }

    public boolean deleted() {
      return error == null;
    }

    public Optional<StorageException.Code> errorCode() {
      return Optional.ofNullable(error);
    }
  }

  public boolean allDeleted() {
    return outcomes.stream().allMatch(Outcome::deleted);
  }

  public List<Outcome> failures() {
    return outcomes.stream().filter(o -> !o.deleted()).toList();
  }
}
