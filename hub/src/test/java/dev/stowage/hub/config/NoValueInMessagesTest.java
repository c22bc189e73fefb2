package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.properties;
import static dev.stowage.hub.config.ConfigFixtures.schema;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure and every printed form of the setting sources, with secret-looking values in every
 * source and in the wrong fields: no message or {@code toString} contains a value.
 */
class NoValueInMessagesTest {

  private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYzzSECRET";
  private static final String KEY_ID = "AKIAIOSFODNN7LEAKME1";

  @TempDir Path dir;

  private final List<String> printed = new ArrayList<>();

  private void failure(Runnable call) {
    try {
      call.run();
    } catch (StorageException e) {
      assertThat(e.code()).isEqualTo(StorageException.Code.CONFIG_INVALID);
      printed.add(e.getMessage());
      printed.add(e.toString());
      return;
    }
    throw new AssertionError("expected CONFIG_INVALID");
  }

  @Test
  @DisplayName("no failure message and no printed setting contains a value from a source")
  void noValueAnywhere() throws Exception {
    DriverConfig stored = DriverConfig.builder().set("bucket", "b").build();

    Path typo =
        writePrivate(
            dir.resolve("typo.properties"),
            "stowage.s3-main.secretAcessKey=" + SECRET,
            "stowage.s3-main.bukcet=" + KEY_ID);
    failure(() -> isolated().configFile(typo).build().resolve("s3-main", schema("s3"), stored));

    failure(
        () ->
            isolated()
                .systemProperties(() -> properties("stowage.s3-main.acessKeyId", KEY_ID))
                .build()
                .resolve("s3-main", schema("s3"), stored));

    Path readable =
        writePrivate(
            dir.resolve("readable.properties"), "stowage.s3-main.secretAccessKey=" + SECRET);
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-rw-r--"));
    failure(() -> isolated().configFile(readable).build().resolve("s3-main", schema("s3"), stored));

    Path shapes =
        writePrivate(
            dir.resolve("shapes.properties"),
            "stowage.secret=" + SECRET,
            "aws.secretAccessKey=" + SECRET,
            "stowage.S3.accessKeyId=" + KEY_ID);
    failure(() -> isolated().configFile(shapes).build().resolve("s3-main", schema("s3"), stored));
    failure(() -> isolated().configFile(shapes).build().declaredConnections());

    Map<String, String> env =
        env("STOWAGE_CONNECTIONS", "s3-main," + SECRET, "STOWAGE_UPLOAD_TARGET", SECRET);
    failure(() -> isolated().environment(env::get).build().declaredConnections());
    failure(() -> isolated().environment(env::get).build().declaredUploadTarget());

    failure(
        () ->
            isolated()
                .explicitSecret("s3-main", "secretKey", SECRET)
                .build()
                .resolve("s3-main", schema("s3"), stored));

    Path malformed =
        writePrivate(
            dir.resolve("bad.properties"), "stowage.s3-main.secretAccessKey=\\u12" + SECRET);
    failure(
        () -> isolated().configFile(malformed).build().resolve("s3-main", schema("s3"), stored));

    // A secret pasted into a field that is not secret still reaches no message.
    failure(
        () ->
            isolated()
                .systemProperties(() -> properties("stowage.connections", KEY_ID + "-x"))
                .build()
                .declaredConnections());

    // Successful resolutions print masked secrets only.
    Map<String, String> secrets =
        env("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", SECRET + "\n", "STOWAGE_R2_SESSION_TOKEN", SECRET);
    LayeredSettingSources sources =
        isolated()
            .environment(secrets::get)
            .explicitSecret("s3-main", "accessKeyId", KEY_ID)
            .build();
    ResolvedSettings resolved = sources.resolve("s3-main", schema("s3"), stored);
    printed.add(resolved.toString());
    printed.add(resolved.config().toString());
    resolved.settings().forEach(s -> printed.add(s.toString()));
    printed.add(SourcedValue.of(SettingOrigin.ENVIRONMENT, SECRET).orElseThrow().toString());
    printed.add(sources.toString());

    assertThat(printed).hasSizeGreaterThan(15);
    for (String line : printed) {
      assertThat(line).doesNotContain(SECRET).doesNotContain(KEY_ID).doesNotContain("SECRET");
    }
  }
}
