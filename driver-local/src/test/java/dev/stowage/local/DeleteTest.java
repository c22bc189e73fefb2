package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DeleteResult;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Delete removes the file, its sidecar and folders left empty")
class DeleteTest {

  @TempDir Path root;
  Store store;

  @BeforeEach
  void setUp() {
    store = TestStores.open(root);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("empty parent folders go, up to but not including the root")
  void prunesEmptyParents() {
    store.upload(UploadRequest.of("a/b/c/d.txt"), new byte[] {1});
    store.upload(UploadRequest.of("a/keep.txt"), new byte[] {2});
    store.delete("a/b/c/d.txt");
    assertThat(Files.exists(root.resolve("a/b"))).isFalse();
    assertThat(Files.exists(root.resolve("a/keep.txt"))).isTrue();
    store.delete("a/keep.txt");
    assertThat(Files.exists(root.resolve("a"))).isFalse();
    assertThat(Files.isDirectory(root)).isTrue();
    assertThat(store.listAll("").toList()).isEmpty();
  }

  @Test
  @DisplayName("the sidecar goes with the file")
  void removesSidecar() throws Exception {
    store.upload(UploadRequest.builder("m.txt").metadata("k", "v").build(), new byte[] {1});
    assertThat(sidecars()).hasSize(1);
    store.delete("m.txt");
    assertThat(sidecars()).isEmpty();
    store.upload(UploadRequest.of("m.txt"), new byte[] {1, 2});
    assertThat(store.stat("m.txt").metadata()).isEmpty();
  }

  @Test
  @DisplayName("a missing key, and a name that is only a folder, are not errors")
  void missingIsFine() {
    store.delete("never/was/here");
    store.upload(UploadRequest.of("folder/inside"), new byte[] {1});
    store.delete("folder");
    assertThat(store.exists("folder/inside")).isTrue();
  }

  @Test
  @DisplayName("a batch reports every key, missing ones as deleted")
  void batch() {
    store.upload(UploadRequest.of("x/1"), new byte[] {1});
    store.upload(UploadRequest.of("x/2"), new byte[] {1});
    DeleteResult result = store.deleteAll(List.of("x/1", "x/2", "x/3", ".stowage/meta"));
    assertThat(result.outcomes()).hasSize(4);
    assertThat(result.outcomes().subList(0, 3)).allMatch(DeleteResult.Outcome::deleted);
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> assertThat(f.errorCode()).contains(dev.stowage.StorageException.Code.INVALID_KEY));
    assertThat(Files.exists(root.resolve("x"))).isFalse();
  }

  @Test
  @DisplayName("uploads and deletes racing in one folder never trip over its removal")
  void uploadDeleteRace() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (String name : List.of("one", "two")) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    store.upload(UploadRequest.of("p/q/" + name), new byte[] {(byte) i});
                    store.delete("p/q/" + name);
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.listAll("").toList()).isEmpty();
    assertThat(Files.exists(root.resolve("p"))).isFalse();
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  private List<Path> sidecars() throws Exception {
    Path meta = root.resolve(".stowage/meta");
    if (!Files.exists(meta)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(meta)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
