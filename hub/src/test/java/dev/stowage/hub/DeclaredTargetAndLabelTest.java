package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.UploadRequest;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.config.SettingSources;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections declared in the environment get their declared label, and the declared upload target
 * is used while the store has none chosen; once a host switches the target, the store's choice
 * wins.
 */
class DeclaredTargetAndLabelTest {

  @TempDir Path dir;

  private SettingSources environment() {
    Map<String, String> env =
        Map.of(
            "STOWAGE_CONNECTIONS", "disk,archive",
            "STOWAGE_DISK_PROVIDER", "local",
            "STOWAGE_DISK_ROOT", dir.resolve("disk").toString(),
            "STOWAGE_DISK_LABEL", "This server's disk",
            "STOWAGE_ARCHIVE_PROVIDER", "local",
            "STOWAGE_ARCHIVE_ROOT", dir.resolve("archive").toString(),
            "STOWAGE_UPLOAD_TARGET", "disk");
    return LayeredSettingSources.builder()
        .environment(env::get)
        .systemProperties(Properties::new)
        .build();
  }

  @Test
  @DisplayName("a declared connection is added with its declared label; without one, its id")
  void declaredLabel() {
    try (StorageHub hub = StorageHub.builder().settingSources(environment()).build()) {
      assertThat(hub.connection("disk").orElseThrow().label()).isEqualTo("This server's disk");
      assertThat(hub.connection("archive").orElseThrow().label()).isEqualTo("archive");
    }
  }

  @Test
  @DisplayName("the declared upload target is used until the store has one; then the store's wins")
  void declaredUploadTarget() {
    InMemoryConnectionStore store = new InMemoryConnectionStore();
    try (StorageHub hub =
        StorageHub.builder().connectionStore(store).settingSources(environment()).build()) {
      assertThat(store.uploadTarget()).isEmpty();
      assertThat(hub.uploadTarget()).contains("disk");
      assertThat(hub.upload(UploadRequest.of("a.txt"), bytes("a")).connectionId())
          .isEqualTo("disk");

      hub.switchUploadTarget("archive");
      assertThat(hub.uploadTarget()).contains("archive");
      assertThat(hub.upload(UploadRequest.of("b.txt"), bytes("b")).connectionId())
          .isEqualTo("archive");
    }
    // A restart with the same environment keeps the store's choice.
    try (StorageHub hub =
        StorageHub.builder().connectionStore(store).settingSources(environment()).build()) {
      assertThat(hub.uploadTarget()).contains("archive");
    }
  }

  @Test
  @DisplayName("sources that declare no label or target: the defaults are empty")
  void defaultsAreEmpty() {
    OutsideSettings outside = new OutsideSettings();
    assertThat(outside.declaredLabel("disk")).isEmpty();
    assertThat(outside.declaredUploadTarget()).isEmpty();
    try (StorageHub hub = StorageHub.builder().settingSources(outside).build()) {
      assertThat(hub.uploadTarget()).isEmpty();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
