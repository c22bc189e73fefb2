package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.assertConfigInvalid;
import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.StorageHub;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code master}, {@code upload} and {@code connections} cannot name a connection: the hub's own
 * variables ({@code STOWAGE_MASTER_KEYS}, {@code STOWAGE_MASTER_KEY_FILE}, {@code
 * STOWAGE_UPLOAD_TARGET}, {@code STOWAGE_CONNECTIONS}) would read as their settings. One rule,
 * {@link ConnectionIds}, refuses them wherever an id is checked.
 */
class ReservedConnectionIdsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"master", "upload", "connections"})
  @DisplayName("the hub refuses a reserved id, saying why")
  void hubRefuses(String id) {
    assertThat(ConnectionIds.isValid(id)).isFalse();
    try (StorageHub hub = StorageHub.builder().build()) {
      assertConfigInvalid(
              () ->
                  hub.add(ConnectionSpec.builder(id, "local").set("root", dir.toString()).build()))
          .hasMessageContaining("reserved")
          .hasMessageContaining("STOWAGE_");
    }
    assertThatThrownBy(() -> FileRef.parse("stowage://" + id + "/a.txt"))
        .isInstanceOf(StorageException.class);
  }

  @Test
  @DisplayName("sources refuse a reserved id declared in code, the environment or a file")
  void sourcesRefuse() {
    assertConfigInvalid(() -> isolated().connection("master", "local"))
        .hasMessageContaining("STOWAGE_MASTER_KEYS");
    assertConfigInvalid(() -> isolated().explicit("upload", "root", "/x"))
        .hasMessageContaining("STOWAGE_UPLOAD_TARGET");

    Map<String, String> environment = env("STOWAGE_CONNECTIONS", "disk,connections");
    LayeredSettingSources fromEnv = isolated().environment(environment::get).build();
    assertConfigInvalid(fromEnv::declaredConnections)
        .hasMessageContaining("Entry 2 of 'STOWAGE_CONNECTIONS'")
        .hasMessageContaining("reserved");

    Map<String, String> target = env("STOWAGE_UPLOAD_TARGET", "upload");
    assertConfigInvalid(() -> isolated().environment(target::get).build().declaredUploadTarget())
        .hasMessageContaining("reserved");

    Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.master.provider=local");
    assertConfigInvalid(() -> isolated().configFile(file).build().declaredConnections())
        .hasMessageContaining("stowage.master.provider");
  }

  @Test
  @DisplayName("ordinary slugs, even ones starting with a reserved word, stay valid")
  void nearMissesStayValid() {
    assertThat(ConnectionIds.isValid("master-copy")).isTrue();
    assertThat(ConnectionIds.isValid("uploads")).isTrue();
    assertThat(ConnectionIds.problem("s3-main")).isNull();
  }
}
