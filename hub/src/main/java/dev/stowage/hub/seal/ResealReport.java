package dev.stowage.hub.seal;

import dev.stowage.StorageException;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Reseal} pass did: how many connections it looked at, how many secrets it moved to
 * the newest master key, and the secrets it could not move.
 */
public record ResealReport(
    int connectionsVisited, int secretsResealed, List<ResealReport.Failure> failures) {

  public ResealReport {
    failures = List.copyOf(failures);
  }

  /**
   * A secret left as it was: {@code CONFIG_INVALID} when it does not open (altered, or its key is
   * no longer in the ring: enter it again), {@code PRECONDITION_FAILED} when the connection kept
   * changing under the pass (run it again), or the store's own error. {@code reason} is the error's
   * message, which never holds a secret or an envelope.
   */
  public record Failure(
      String connectionId, String setting, StorageException.Code code, String reason) {
    public Failure {
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Whether every stored secret is now sealed with the newest key. */
  public boolean complete() {
    return failures.isEmpty();
  }
}
