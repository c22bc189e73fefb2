package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.assertConfigInvalid;
import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.properties;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredConnectionsTest {

  @TempDir Path dir;

  @Test
  @DisplayName("connections declared in the file, the environment and code, each with its provider")
  void declaredEverywhere() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.connections=s3-main, disk",
            "stowage.s3-main.provider=s3",
            "stowage.s3-main.label=Amazon S3 (main)",
            "stowage.disk.provider=local");
    Map<String, String> env = env("STOWAGE_CONNECTIONS", "r2-eu", "STOWAGE_R2_EU_PROVIDER", "r2");
    LayeredSettingSources sources =
        isolated()
            .connection("backup", "s3", "Backups")
            .environment(env::get)
            .configFile(file)
            .build();

    assertThat(sources.declaredConnections())
        .containsExactly(
            entry("backup", "s3"),
            entry("r2-eu", "r2"),
            entry("s3-main", "s3"),
            entry("disk", "local"));
    assertThat(sources.declaredLabel("s3-main")).contains("Amazon S3 (main)");
    assertThat(sources.declaredLabel("backup")).contains("Backups");
    assertThat(sources.declaredLabel("disk")).isEmpty();
  }

  @Test
  @DisplayName(
      "a provider in a higher source wins; the environment may give a file-declared id its provider")
  void providerPrecedence() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.connections=store-a",
            "stowage.store-a.provider=local");
    Map<String, String> env = env("STOWAGE_STORE_A_PROVIDER", "s3");

    assertThat(isolated().environment(env::get).configFile(file).build().declaredConnections())
        .containsExactly(entry("store-a", "s3"));
  }

  @Test
  @DisplayName("a declared connection without a provider fails naming it and where to set it")
  void missingProvider() {
    LayeredSettingSources sources =
        isolated().systemProperties(() -> properties("stowage.connections", "s3-main")).build();

    assertConfigInvalid(sources::declaredConnections)
        .hasMessageContaining("'s3-main'")
        .hasMessageContaining("STOWAGE_S3_MAIN_PROVIDER")
        .hasMessageContaining("stowage.s3-main.provider");
  }

  @Test
  @DisplayName("an entry that is not a valid id fails naming where it is, not what it holds")
  void invalidId() {
    String pasted = "wJalrXUtnFEMI/K7MDENG";
    Map<String, String> env = env("STOWAGE_CONNECTIONS", "s3-main," + pasted);
    LayeredSettingSources sources = isolated().environment(env::get).build();

    assertConfigInvalid(sources::declaredConnections)
        .hasMessageContaining("Entry 2 of 'STOWAGE_CONNECTIONS' in the environment")
        .hasMessageNotContaining(pasted);
  }

  @Test
  @DisplayName("a provider key for a connection no list declares fails: the list has a typo")
  void orphanProvider() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.connections=s3-mian",
            "stowage.s3-mian.provider=s3",
            "stowage.s3-main.provider=s3");

    assertConfigInvalid(isolated().configFile(file).build()::declaredConnections)
        .hasMessageContaining("stowage.s3-main.provider");
  }

  @Test
  @DisplayName("no declarations anywhere: nothing declared, no upload target")
  void nothingDeclared() {
    LayeredSettingSources sources = isolated().build();

    assertThat(sources.declaredConnections()).isEmpty();
    assertThat(sources.declaredUploadTarget()).isEmpty();
  }

  @Test
  @DisplayName("the upload target comes from the first source naming one")
  void uploadTarget() {
    Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.uploadTarget=disk");
    Map<String, String> env = env("STOWAGE_UPLOAD_TARGET", "s3-main");

    assertThat(isolated().configFile(file).build().declaredUploadTarget()).contains("disk");
    assertThat(isolated().environment(env::get).configFile(file).build().declaredUploadTarget())
        .contains("s3-main");
    assertThat(
            isolated()
                .uploadTarget("r2-eu")
                .environment(env::get)
                .configFile(file)
                .build()
                .declaredUploadTarget())
        .contains("r2-eu");
  }

  @Test
  @DisplayName("an upload target that is not a valid id fails naming the key, not the value")
  void invalidUploadTarget() {
    LayeredSettingSources sources =
        isolated()
            .systemProperties(() -> properties("stowage.uploadTarget", "S3 Main Secret0001"))
            .build();

    assertConfigInvalid(sources::declaredUploadTarget)
        .hasMessageContaining("stowage.uploadTarget")
        .hasMessageNotContaining("Secret0001");
  }

  @Test
  @DisplayName("declaring a connection in code with an invalid id fails at once")
  void invalidIdInCode() {
    assertConfigInvalid(() -> isolated().connection("S3_Main", "s3"))
        .hasMessageContaining("S3_Main");
  }
}
