package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.config.SettingOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setting whose value comes from a source above the connection store (code, environment, system
 * property, configuration file) cannot take effect from a settings page: add and edit refuse it,
 * naming the setting and where it comes from, instead of storing a value that would be ignored.
 */
class LockedSettingsTest {

  private static final String FILE_KEY_ID = "AKIAFROMTHEFILE0001";
  private static final String ENV_REGION = "eu-central-1";
  private static final String PAGE_KEY_ID = "AKIAFROMTHEPAGE0002";
  private static final String PAGE_SECRET = "a-secret-access-key-typed-on-the-page";

  @TempDir Path dir;
  private LayeredSettingSources sources;

  @BeforeEach
  void sources() throws Exception {
    Path file = dir.resolve("stowage.properties");
    Files.writeString(file, "stowage.s3-main.accessKeyId=" + FILE_KEY_ID + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = Map.of("STOWAGE_S3_MAIN_REGION", ENV_REGION);
    sources =
        LayeredSettingSources.builder()
            .environment(env::get)
            .systemProperties(Properties::new)
            .configFile(file)
            .build();
  }

  /** An S3 connection with what no source above the store gives. */
  private static ConnectionSpec.Builder s3() {
    return ConnectionSpec.builder("s3-main", "s3")
        .set("bucket", "shop")
        .secret("secretAccessKey", PAGE_SECRET);
  }

  private StorageHub hub() {
    return StorageHub.builder().sealer(new TestSealer()).settingSources(sources).build();
  }

  @Test
  @DisplayName("add refuses a secret the configuration file gives, naming setting and source")
  void addRefusesFromConfigFile() {
    try (StorageHub hub = hub()) {
      StorageException e =
          failsWith(
              Code.CONFIG_INVALID, () -> hub.add(s3().secret("accessKeyId", PAGE_KEY_ID).build()));
      assertThat(e.getMessage())
          .contains("'accessKeyId' of 's3-main' comes from the configuration file; change it there")
          .doesNotContain(PAGE_KEY_ID, FILE_KEY_ID, PAGE_SECRET);
      assertThat(hub.connections()).isEmpty();
    }
  }

  @Test
  @DisplayName("add refuses a setting the environment gives")
  void addRefusesFromEnvironment() {
    try (StorageHub hub = hub()) {
      StorageException e =
          failsWith(Code.CONFIG_INVALID, () -> hub.add(s3().set("region", "us-east-1").build()));
      assertThat(e.getMessage())
          .contains("'region' of 's3-main' comes from the environment; change it there")
          .doesNotContain(ENV_REGION, "us-east-1");
    }
  }

  @Test
  @DisplayName("edit refuses a locked setting or secret; unlocked ones and removals go through")
  void editRefusesLocked() {
    try (StorageHub hub = hub()) {
      hub.add(s3().build());
      assertThat(hub.settings("s3-main").setting("accessKeyId").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONFIG_FILE);

      StorageException secret =
          failsWith(
              Code.CONFIG_INVALID,
              () ->
                  hub.edit(
                      "s3-main",
                      ConnectionEdit.builder().secret("accessKeyId", PAGE_KEY_ID).build()));
      assertThat(secret.getMessage())
          .contains("'accessKeyId' of 's3-main' comes from the configuration file")
          .doesNotContain(PAGE_KEY_ID, FILE_KEY_ID);
      StorageException region =
          failsWith(
              Code.CONFIG_INVALID,
              () ->
                  hub.edit("s3-main", ConnectionEdit.builder().set("region", "us-east-1").build()));
      assertThat(region.getMessage()).contains("'region' of 's3-main' comes from the environment");
      assertThat(hub.connection("s3-main").orElseThrow().version()).isEqualTo(1);

      Connection edited =
          hub.edit(
              "s3-main", ConnectionEdit.builder().set("bucket", "shop-2").unset("region").build());
      assertThat(edited.settings()).containsEntry("bucket", "shop-2");
      assertThat(edited.secrets()).doesNotContainKey("accessKeyId");
    }
  }
}
