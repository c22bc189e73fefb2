package dev.stowage.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed at random moments leaves the old state or a new one, never a torn file. */
class FileStoreCrashTest {

  @TempDir Path dir;

  @Test
  @DisplayName("A child JVM killed mid-rewrite leaves a file that parses to a complete state")
  void killedWriter() throws Exception {
    Path file = dir.resolve("connections.store");
    Random random = new Random();
    long lastVersion = 0;
    int rounds = 5;
    for (int round = 0; round < rounds; round++) {
      Process child = writer(file, round);
      try {
        long seen = lastVersion;
        // Let it write at least once more, then kill it at a random moment of a later write.
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> waitForVersionAbove(file, seen, child));
        Thread.sleep(random.nextInt(400));
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      ConnectionRecord found =
          FileConnectionStore.open(file).connection(FileStoreCrashWriter.ID).orElseThrow();
      assertThat(found)
          .as("round %d", round)
          .isEqualTo(FileStoreCrashWriter.state(found.version()));
      assertThat(found.version()).as("never goes back").isGreaterThan(lastVersion);
      lastVersion = found.version();
    }
    // A killed writer may leave its temporary file; the next write clears it.
    FileConnectionStore store = FileConnectionStore.open(file);
    store.update(FileStoreCrashWriter.state(lastVersion + 1));
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("connections.store", "connections.store.lock", "child.log");
    }
  }

  private static void waitForVersionAbove(Path file, long version, Process child)
      throws InterruptedException {
    while (true) {
      if (!child.isAlive()) {
        throw new AssertionError("the writer died on its own: see child.log");
      }
      if (Files.exists(file)) {
        try {
          long v =
              FileConnectionStore.open(file)
                  .connection(FileStoreCrashWriter.ID)
                  .map(ConnectionRecord::version)
                  .orElse(0L);
          if (v > version) {
            return;
          }
        } catch (dev.stowage.StorageException e) {
          throw new AssertionError("a reader saw a broken file while the writer ran", e);
        }
      }
      Thread.sleep(20);
    }
  }

  private Process writer(Path file, int round) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    return new ProcessBuilder(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            FileStoreCrashWriter.class.getName(),
            file.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
