package dev.stowage.testkit;

import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the kit hands {@link StorageDriverCompatibilityKit#openStore}: a {@link DriverContext} whose
 * clock the kit controls, temporary directories, and a place to register whatever the factory
 * starts (a server, a client) so it is stopped after the test.
 */
public final class KitContext {

  private final KitClock clock = new KitClock();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  KitContext() {}

  /**
   * Open the store with this context: its clock is the one the kit moves, and its endpoint policy
   * allows loopback, where the embedded S3 server and other test servers listen.
   */
  public DriverContext driverContext() {
    return DriverContext.builder()
        .clock(clock)
        .endpointPolicy(EndpointPolicy.allowLoopback())
        .build();
  }

  /** The kit's clock: the system clock, shifted while a test needs another "now". */
  public Clock clock() {
    return clock;
  }

  /** Closes {@code resource} after the test and after the store; last registered, first closed. */
  public <T extends AutoCloseable> T closeAfterTest(T resource) {
    resources.push(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /** A new empty directory, deleted with everything in it after the test. */
  public Path newTempDirectory() {
    try {
      Path dir = Files.createTempDirectory("stowage-kit-");
      closeAfterTest(() -> deleteRecursively(dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the clock {@code offset} away from the system clock; {@link Duration#ZERO} resets. */
  void shiftClock(Duration offset) {
    clock.setOffset(offset);
  }

  /** Closes every registered resource, even when one fails; the first failure is rethrown. */
  void close() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
