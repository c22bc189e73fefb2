package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.file.Path;
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
  @DisplayName("two stores on one root (no shared lock): the file system still picks one")
  void raceTwoStores() throws Exception {
    try (Store a = TestStores.open(root);
        Store b = TestStores.open(root)) {
      race(a, b, "two-stores");
    }
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
