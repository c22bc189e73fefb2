package dev.stowage.hub.seal;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Moves every stored secret to the newest master key: for each connection of a {@link
 * ConnectionStore} with envelopes sealed under an older key, unseals them, seals them again and
 * stores the connection with its version plus one. When another hub changed the connection
 * meanwhile ({@code PRECONDITION_FAILED}) it reads it again and retries, a bounded number of times,
 * so no edit is lost. Afterwards the old key can leave the ring.
 *
 * <pre>{@code
 * MasterKeys ring = MasterKeys.fromEnvironment(); // "k2:...,k1:..." — k2 newest
 * ResealReport report = Reseal.create(store, AesGcmSealer.create(ring)).run();
 * if (report.complete()) { ... remove k1 from STOWAGE_MASTER_KEYS ... }
 * }</pre>
 */
public final class Reseal {

  private final ConnectionStore store;
  private final SecretSealer sealer;
  private final int maxAttempts;
  private final Clock clock;

  private Reseal(Builder b) {
    this.store = b.store;
    this.sealer = b.sealer;
    this.maxAttempts = b.maxAttempts;
    this.clock = b.clock;
  }

  /**
   * A pass with the defaults: 5 attempts per connection, the system clock for {@code updatedAt}.
   */
  public static Reseal create(ConnectionStore store, SecretSealer sealer) {
    return builder(store, sealer).build();
  }

  public static Builder builder(ConnectionStore store, SecretSealer sealer) {
    return new Builder(store, sealer);
  }

  /** Runs the pass over every connection the store holds now. */
  public ResealReport run() {
    List<ConnectionRecord> connections = store.connections();
    List<ResealReport.Failure> failures = new ArrayList<>();
    int resealed = 0;
    for (ConnectionRecord listed : connections) {
      resealed += resealOne(listed, failures);
    }
    return new ResealReport(connections.size(), resealed, failures);
  }

  /** Reseals one connection; returns how many secrets moved, adds what did not to failures. */
  private int resealOne(ConnectionRecord listed, List<ResealReport.Failure> failures) {
    String id = listed.id();
    ConnectionRecord current = listed;
    Attempt last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        Optional<ConnectionRecord> reread;
        try {
          reread = store.connection(id);
        } catch (StorageException e) {
          return gaveUp(last, e.code(), e.getMessage(), failures);
        }
        if (reread.isEmpty()) {
          return 0; // removed meanwhile: nothing left to reseal
        }
        current = reread.get();
      }
      last = resealSecrets(current);
      if (last.moved.isEmpty()) {
        failures.addAll(last.failures);
        return 0;
      }
      try {
        store.update(withSecrets(current, last.sealed));
        failures.addAll(last.failures);
        return last.moved.size();
      } catch (StorageException e) {
        if (e.code() == Code.NOT_FOUND) {
          return 0;
        }
        if (e.code() != Code.PRECONDITION_FAILED) {
          return gaveUp(last, e.code(), e.getMessage(), failures);
        }
      }
    }
    return gaveUp(
        last,
        Code.PRECONDITION_FAILED,
        "Connection '"
            + id
            + "' changed under each of "
            + maxAttempts
            + " attempts; run the reseal again",
        failures);
  }

  /**
   * Reports an attempt that was not stored: its unseal failures, and every secret it would move.
   */
  private static int gaveUp(
      Attempt last, Code code, String reason, List<ResealReport.Failure> failures) {
    failures.addAll(last.failures);
    for (String setting : last.moved) {
      failures.add(new ResealReport.Failure(last.connectionId, setting, code, reason));
    }
    return 0;
  }

  private Attempt resealSecrets(ConnectionRecord record) {
    Map<String, String> sealed = new TreeMap<>(record.sealedSecrets());
    List<String> moved = new ArrayList<>();
    List<ResealReport.Failure> failures = new ArrayList<>();
    for (Map.Entry<String, String> e : record.sealedSecrets().entrySet()) {
      if (!sealer.sealedWithOlderKey(e.getValue())) {
        continue;
      }
      try {
        Secret secret = sealer.unseal(record.id(), e.getKey(), e.getValue());
        sealed.put(e.getKey(), sealer.seal(record.id(), e.getKey(), secret));
        moved.add(e.getKey());
      } catch (StorageException ex) {
        failures.add(failure(record.id(), e.getKey(), ex));
      }
    }
    return new Attempt(record.id(), sealed, moved, failures);
  }

  private record Attempt(
      String connectionId,
      Map<String, String> sealed,
      List<String> moved,
      List<ResealReport.Failure> failures) {}

  private ConnectionRecord withSecrets(ConnectionRecord r, Map<String, String> sealed) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        sealed,
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        clock.instant(),
        r.version() + 1);
  }

  private static ResealReport.Failure failure(String id, String setting, StorageException e) {
    return new ResealReport.Failure(id, setting, e.code(), e.getMessage());
  }

  @Override
  public String toString() {
    return "Reseal[sealer=" + sealer + ", maxAttempts=" + maxAttempts + "]";
  }

  /** Builds a {@link Reseal}. */
  public static final class Builder {
    private final ConnectionStore store;
    private final SecretSealer sealer;
    private int maxAttempts = 5;
    private Clock clock = Clock.systemUTC();

    private Builder(ConnectionStore store, SecretSealer sealer) {
      this.store = Objects.requireNonNull(store, "store");
      this.sealer = Objects.requireNonNull(sealer, "sealer");
    }

    /** How many times one connection is read and written before a conflict is reported. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The clock for the connections' {@code updatedAt}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Reseal build() {
      return new Reseal(this);
    }
  }
}
