package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.stowage.StorageException;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One side of {@link CreateOnlyTest}'s race between two JVMs: opens its own store on the root and,
 * round by round, meets the other side at a file barrier, then makes a create-only upload of that
 * round's key. Prints {@code <round> won} or {@code <round> lost:<code>} per round on stdout.
 *
 * <p>Arguments: root, barrier folder, this side's name, the other side's name, rounds.
 */
public final class CreateOnlyRacer {

  private static final long BARRIER_TIMEOUT_NANOS = 30_000_000_000L;

  private CreateOnlyRacer() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path barrier = Path.of(args[1]);
    String me = args[2];
    String other = args[3];
    int rounds = Integer.parseInt(args[4]);
    PrintStream out = System.out;
    try (Store store = TestStores.open(root)) {
      for (int round = 0; round < rounds; round++) {
        meet(barrier, round, me, other);
        try {
          store.upload(
              UploadRequest.builder(key(round)).createOnly(true).build(),
              body(me, round).getBytes(UTF_8));
          out.println(round + " won");
        } catch (StorageException e) {
          out.println(round + " lost:" + e.code());
        }
        out.flush();
      }
    }
  }

  static String key(int round) {
    return "two-jvms/race-" + round + ".txt";
  }

  static String body(String side, int round) {
    return side + " wrote round " + round;
  }

  /** Announces this side at {@code round} and spins until the other side has announced too. */
  private static void meet(Path barrier, int round, String me, String other) throws IOException {
    Files.createFile(barrier.resolve(round + "-" + me));
    Path theirs = barrier.resolve(round + "-" + other);
    long deadline = System.nanoTime() + BARRIER_TIMEOUT_NANOS;
    while (!Files.exists(theirs)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the other side never reached round " + round);
      }
      Thread.onSpinWait();
    }
  }
}
