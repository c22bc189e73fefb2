package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Create-only uploads: exactly one writer wins")
class CreateOnlyTest {

  @TempDir Path root;

  @Test
  @DisplayName("an existing key is refused with ALREADY_EXISTS and keeps its content")
  void existingKey() {
    try (Store store = TestStores.open(root)) {
      store.upload(UploadRequest.of("k"), "first".getBytes(UTF_8));
      assertThatThrownBy(
              () ->
                  store.upload(
                      UploadRequest.builder("k").createOnly(true).build(),
                      "second".getBytes(UTF_8)))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS));
      assertThat(new String(store.readAllBytes("k"), UTF_8)).isEqualTo("first");
      assertThat(TestStores.tempFiles(root)).isEmpty();
    }
  }

  @Test
  @DisplayName("two threads racing on one store: one wins, the other gets ALREADY_EXISTS")
  void raceOneStore() throws Exception {
    try (Store store = TestStores.open(root)) {
      race(store, store, "same-store");
    }
  }

  @Test
  @DisplayName(
      "two stores on one root in one JVM (they share this JVM's key locks): one wins, the other"
          + " gets ALREADY_EXISTS")
  void raceTwoStores() throws Exception {
    try (Store a = TestStores.open(root);
        Store b = TestStores.open(root)) {
      race(a, b, "two-stores");
    }
  }

  @Test
  @DisplayName(
      "two JVMs on one root, sharing nothing but the file system: per key one wins with its bytes"
          + " intact, the other gets ALREADY_EXISTS")
  void raceTwoJvms(@TempDir Path barrier, @TempDir Path logs) throws Exception {
    int rounds = 25;
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          List<Process> racers = new ArrayList<>();
          try {
            for (String[] sides : List.of(new String[] {"a", "b"}, new String[] {"b", "a"})) {
              racers.add(racer(barrier, logs, sides[0], sides[1], rounds));
            }
            for (Process racer : racers) {
              assertThat(racer.waitFor()).as("exit status of a racer").isZero();
            }
          } finally {
            racers.forEach(Process::destroyForcibly);
          }
        });
    List<String> a = Files.readAllLines(logs.resolve("a.out"));
    List<String> b = Files.readAllLines(logs.resolve("b.out"));
    assertThat(a).hasSize(rounds);
    assertThat(b).hasSize(rounds);
    try (Store store = TestStores.open(root)) {
      for (int round = 0; round < rounds; round++) {
        List<String> outcomes = List.of(a.get(round), b.get(round));
        assertThat(outcomes)
            .as("round %d", round)
            .containsExactlyInAnyOrder(round + " won", round + " lost:ALREADY_EXISTS");
        String winner = a.get(round).endsWith(" won") ? "a" : "b";
        assertThat(new String(store.readAllBytes(CreateOnlyRacer.key(round)), UTF_8))
            .as("the bytes of round %d", round)
            .isEqualTo(CreateOnlyRacer.body(winner, round));
      }
    }
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  /** A second JVM running {@link CreateOnlyRacer} on this test's root and class path. */
  private Process racer(Path barrier, Path logs, String me, String other, int rounds)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CreateOnlyRacer.class.getName(),
            root.toString(),
            barrier.toString(),
            me,
            other,
            String.valueOf(rounds))
        .redirectOutput(logs.resolve(me + ".out").toFile())
        .redirectError(logs.resolve(me + ".err").toFile())
        .start();
  }

  private void race(Store a, Store b, String prefix) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        String key = prefix + "/race-" + round + ".txt";
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<String>> results = new ArrayList<>();
        for (Store store : List.of(a, b)) {
          String body = store == a ? "from-a" : "from-b";
          String who = results.isEmpty() ? "first" : "second";
          results.add(
              pool.submit(
                  () -> {
                    start.await(5, TimeUnit.SECONDS);
                    try {
                      store.upload(
                          UploadRequest.builder(key).createOnly(true).build(),
                          (who + ":" + body).getBytes(UTF_8));
                      return "won:" + who + ":" + body;
                    } catch (StorageException e) {
                      return "lost:" + e.code();
                    }
                  }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
          outcomes.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(outcomes).filteredOn(o -> o.startsWith("won:")).hasSize(1);
        assertThat(outcomes).contains("lost:ALREADY_EXISTS");
        String winner = outcomes.stream().filter(o -> o.startsWith("won:")).findFirst().get();
        assertThat("won:" + new String(a.readAllBytes(key), UTF_8)).isEqualTo(winner);
      }
      assertThat(TestStores.tempFiles(root)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
