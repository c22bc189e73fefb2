package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.assertConfigInvalid;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.schema;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {

  private static final String OLD_SECRET = "oldSecretOldSecret0001";
  private static final String NEW_SECRET = "newSecretNewSecret0002";

  @TempDir Path dir;

  private final DriverConfig stored = DriverConfig.builder().set("bucket", "b").build();

  private static String secret(ResolvedSettings resolved) {
    return resolved.config().secret("secretAccessKey").orElseThrow().reveal();
  }

  @Test
  @DisplayName("a key rotated in the file is used on the next resolve, without a restart")
  void reReadAfterEdit() throws Exception {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"), "stowage.s3-main.secretAccessKey=" + OLD_SECRET);
    FileTime written = Files.getLastModifiedTime(file);
    LayeredSettingSources sources = isolated().configFile(file).build();
    assertThat(secret(sources.resolve("s3-main", schema("s3"), stored))).isEqualTo(OLD_SECRET);

    // Same size on purpose, and the modification time moved explicitly: file systems with coarse
    // timestamps would otherwise hide the edit.
    writePrivate(file, "stowage.s3-main.secretAccessKey=" + NEW_SECRET);
    Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() + 10_000));

    ResolvedSettings after = sources.resolve("s3-main", schema("s3"), stored);
    assertThat(secret(after)).isEqualTo(NEW_SECRET);
    assertThat(after.setting("secretAccessKey").orElseThrow().origin())
        .isEqualTo(SettingOrigin.CONFIG_FILE);
    assertThat(sources.configFileReads()).isEqualTo(2);
  }

  @Test
  @DisplayName("an unchanged file is not read again, however often settings are resolved")
  void notReReadWhenUnchanged() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"), "stowage.s3-main.secretAccessKey=" + OLD_SECRET);
    LayeredSettingSources sources = isolated().configFile(file).build();

    for (int i = 0; i < 5; i++) {
      assertThat(secret(sources.resolve("s3-main", schema("s3"), stored))).isEqualTo(OLD_SECRET);
    }
    sources.declaredConnections();
    sources.declaredUploadTarget();

    assertThat(sources.configFileReads()).isEqualTo(1);
  }

  @Test
  @DisplayName("many threads resolving at once read an unchanged file once and all see its value")
  void concurrentResolves() throws Exception {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"), "stowage.s3-main.secretAccessKey=" + OLD_SECRET);
    LayeredSettingSources sources = isolated().configFile(file).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> secret(sources.resolve("s3-main", schema("s3"), stored))));
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            for (Future<String> r : results) {
              assertThat(r.get()).isEqualTo(OLD_SECRET);
            }
          });
    } finally {
      pool.shutdownNow();
    }
    assertThat(sources.configFileReads()).isEqualTo(1);
  }

  @Test
  @DisplayName("a file holding a secret that group or others can read is refused, naming the path")
  void secretsInAReadableFileRefused() throws Exception {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"), "stowage.s3-main.secretAccessKey=" + OLD_SECRET);
    LayeredSettingSources sources = isolated().configFile(file).build();
    assertThat(secret(sources.resolve("s3-main", schema("s3"), stored))).isEqualTo(OLD_SECRET);

    // chmod changes no modification time: the permissions are checked on every resolve.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertConfigInvalid(() -> sources.resolve("s3-main", schema("s3"), stored))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("stowage.s3-main.secretAccessKey")
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining(OLD_SECRET);
  }

  @Test
  @DisplayName("a readable file without secrets is fine: buckets and regions are not secret")
  void readableFileWithoutSecrets() throws Exception {
    Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.s3-main.region=eu-west-1");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    ResolvedSettings resolved =
        isolated().configFile(file).build().resolve("s3-main", schema("s3"), stored);

    assertThat(resolved.config().value("region")).contains("eu-west-1");
  }

  @Test
  @DisplayName(
      "a required file that is missing fails naming the path; an optional one adds nothing")
  void missingFile() {
    Path missing = dir.resolve("nowhere.properties");

    assertConfigInvalid(
            () -> isolated().configFile(missing).build().resolve("s3-main", schema("s3"), stored))
        .hasMessageContaining(missing.toString());
    assertThat(
            isolated()
                .configFileIfExists(missing)
                .build()
                .resolve("s3-main", schema("s3"), stored)
                .setting("bucket")
                .orElseThrow()
                .origin())
        .isEqualTo(SettingOrigin.CONNECTION_STORE);
  }

  @Test
  @DisplayName("an optional file created after the hub started is picked up")
  void fileCreatedLater() {
    Path file = dir.resolve("stowage.properties");
    LayeredSettingSources sources = isolated().configFileIfExists(file).build();
    assertThat(sources.resolve("s3-main", schema("s3"), stored).setting("secretAccessKey"))
        .isEmpty();

    writePrivate(file, "stowage.s3-main.secretAccessKey=" + NEW_SECRET);

    assertThat(secret(sources.resolve("s3-main", schema("s3"), stored))).isEqualTo(NEW_SECRET);
  }

  @Test
  @DisplayName("a file that is not in properties format fails without quoting it")
  void malformedFile() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.s3-main.secretAccessKey=\\uZZZZ" + OLD_SECRET);

    assertConfigInvalid(
            () -> isolated().configFile(file).build().resolve("s3-main", schema("s3"), stored))
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining(OLD_SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw--w----", "rw-----w-", "rw-rw-r--"})
  @DisplayName("a file others can change is refused, even one holding no secret")
  void writableByOthersRefused(String permissions) throws Exception {
    Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.s3-main.bucket=shop");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    LayeredSettingSources sources = isolated().configFile(file).build();
    assertThatThrownBy(() -> sources.resolve("s3-main", schema("s3"), stored))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.Code.CONFIG_INVALID);
              assertThat(e.getMessage()).contains("other users can change it", "chmod go-w");
            });
  }

  @Test
  @DisplayName("a file owned by another user is refused (where this test may chown)")
  void otherOwnerRefused() throws Exception {
    Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.s3-main.bucket=shop");
    try {
      Files.setOwner(
          file,
          file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    } catch (IOException | UnsupportedOperationException e) {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "cannot chown here");
    }
    LayeredSettingSources sources = isolated().configFile(file).build();
    assertThatThrownBy(() -> sources.resolve("s3-main", schema("s3"), stored))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("owned by nobody");
  }
}
