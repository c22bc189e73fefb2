package dev.stowage;

import java.util.List;
import java.util.Objects;
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

  /** What happened to one key: deleted, or failed with an error code and a message. */
  public static final class Outcome {
    private final String key;
    private final StorageException.Code errorCode;
    private final String message;

    private Outcome(String key, StorageException.Code errorCode, String message) {
      this.key = Objects.requireNonNull(key, "key");
      this.errorCode = errorCode;
      this.message = message;
    }

    public static Outcome deleted(String key) {
      return new Outcome(key, null, null);
    }

    public static Outcome failed(String key, StorageException.Code errorCode, String message) {
      return new Outcome(
          key,
          Objects.requireNonNull(errorCode, "errorCode"),
          Objects.requireNonNullElse(message, ""));
    }

    public String key() {
      return key;
    }

    public boolean deleted() {
      return errorCode == null;
    }

    /** Why the key could not be deleted; empty when it was deleted. */
    public Optional<StorageException.Code> errorCode() {
      return Optional.ofNullable(errorCode);
    }

    /** A plain-language message for a failed key; empty when it was deleted. */
    public Optional<String> message() {
      return Optional.ofNullable(message);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other
          && key.equals(other.key)
          && errorCode == other.errorCode
          && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, errorCode, message);
    }

    @Override
    public String toString() {
      return deleted()
          ? "Outcome[key=" + key + ", deleted]"
          : "Outcome[key=" + key + ", error=" + errorCode + ", message=" + message + "]";
    }
  }

  public boolean allDeleted() {
    return outcomes.stream().allMatch(Outcome::deleted);
  }

  public List<Outcome> failures() {
    return outcomes.stream().filter(o -> !o.deleted()).toList();
  }
}
