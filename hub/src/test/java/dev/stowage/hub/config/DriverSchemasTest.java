package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.schema;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources against the real S3, R2 and local drivers' schemas, found by id. */
class DriverSchemasTest {

  private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  @DisplayName("an R2 connection configured from the environment passes the driver's own check")
  void r2FromTheEnvironment() {
    Map<String, String> env =
        env(
            "STOWAGE_R2_EU_ACCOUNT_ID", ACCOUNT,
            "STOWAGE_R2_EU_JURISDICTION", "eu",
            "STOWAGE_R2_EU_ACCESS_KEY_ID", "r2AccessKeyId000000000001",
            "STOWAGE_R2_EU_SECRET_ACCESS_KEY", "r2SecretAccessKey0000000000000002",
            "STOWAGE_R2_EU_PUBLIC_BASE_URL", "https://files.shop.example");
    ResolvedSettings resolved =
        isolated()
            .environment(env::get)
            .build()
            .resolve("r2-eu", schema("r2"), DriverConfig.builder().set("bucket", "assets").build());

    assertThat(resolved.setting("accountId").orElseThrow().origin())
        .isEqualTo(SettingOrigin.ENVIRONMENT);
    assertThat(resolved.setting("publicBaseUrl").orElseThrow().shownValue())
        .isEqualTo("https://files.shop.example");
    assertThat(resolved.setting("secretAccessKey").orElseThrow().shownValue())
        .isEqualTo("****0002");
    assertThat(resolved.setting("partSize").orElseThrow().origin())
        .isEqualTo(SettingOrigin.DRIVER_DEFAULT);
    DriverConfig checked = schema("r2").resolve(resolved.config());
    assertThat(checked.value("jurisdiction")).contains("eu");
    assertThat(checked.secret("accessKeyId").orElseThrow().reveal())
        .isEqualTo("r2AccessKeyId000000000001");
  }

  @Test
  @DisplayName("an S3 connection from system properties and a file passes the driver's own check")
  void s3FromPropertiesAndFile() {
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.s3-main.accessKeyId=AKIAIOSFODNN7EXAMPLE",
            "stowage.s3-main.secretAccessKey=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    ResolvedSettings resolved =
        isolated()
            .systemProperties(
                () ->
                    ConfigFixtures.properties(
                        "stowage.s3-main.bucket", "shop-files",
                        "stowage.s3-main.region", "eu-central-1"))
            .configFile(file)
            .build()
            .resolve("s3-main", schema("s3"), DriverConfig.empty());

    DriverConfig checked = schema("s3").resolve(resolved.config());
    assertThat(checked.value("bucket")).contains("shop-files");
    assertThat(checked.value("region")).contains("eu-central-1");
    assertThat(checked.secret("secretAccessKey").orElseThrow().reveal())
        .isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  @Test
  @DisplayName("a local connection from the file opens the real driver and stores a file")
  void localOpensWithTheResolvedConfig() throws Exception {
    Path root = Files.createDirectory(dir.resolve("files"));
    Path file =
        writePrivate(
            dir.resolve("stowage.properties"),
            "stowage.connections=disk",
            "stowage.disk.provider=local",
            "stowage.disk.root=" + root,
            "stowage.disk.signingKey=0123456789abcdef0123456789abcdef-signing");
    LayeredSettingSources sources = isolated().configFile(file).build();
    String provider = sources.declaredConnections().get("disk");
    ResolvedSettings resolved = sources.resolve("disk", schema(provider), DriverConfig.empty());

    assertThat(resolved.setting("signingKey").orElseThrow().secret()).isTrue();
    assertThat(resolved.setting("signingKey").orElseThrow().shownValue()).isEqualTo("****ning");
    try (Store store = DriverRegistry.load().open(provider, resolved.config())) {
      store.upload(UploadRequest.of("hello.txt"), "hi".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(root.resolve("hello.txt")).hasContent("hi");
  }
}
