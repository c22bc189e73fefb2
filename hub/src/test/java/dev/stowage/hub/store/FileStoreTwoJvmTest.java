package dev.stowage.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hubs in two JVMs on one store file: the OS file lock serialises their writes. */
class FileStoreTwoJvmTest {

  @TempDir Path dir;

  @Test
  @DisplayName("Two JVMs editing one connection at once lose no update and see each other's")
  void twoJvms() throws Exception {
    Path file = dir.resolve("connections.store");
    Path go = dir.resolve("go");
    FileConnectionStore store = FileConnectionStore.open(file);
    store.insert(StoreRecords.simple(FileStoreEditor.ID));
    int count = 30;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreEditor.class.getName(),
                file.toString(),
                "child",
                String.valueOf(count),
                go.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      // The child is past its JVM start when it polls for the go file; start together.
      Thread.sleep(500);
      Files.createFile(go);
      FileStoreEditor.edit(store, "parent", count);
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> child.waitFor());
      assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    } finally {
      child.destroyForcibly();
    }
    ConnectionRecord last = store.connection(FileStoreEditor.ID).orElseThrow();
    assertThat(last.version()).isEqualTo(1 + 2L * count);
    for (int i = 0; i < count; i++) {
      assertThat(last.settings()).containsKeys("parent-" + i, "child-" + i);
    }
  }
}
