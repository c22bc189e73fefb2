package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.assertConfigInvalid;
import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.properties;
import static dev.stowage.hub.config.ConfigFixtures.schema;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import dev.stowage.Secret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredSettingSourcesTest {

  private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;

  private static DriverConfig storedBucket() {
    return DriverConfig.builder().set("bucket", "stored-bucket").build();
  }

  @Nested
  @DisplayName("provenance")
  class Provenance {

    @Test
    @DisplayName("every setting says where it came from, and which a settings page locks")
    void originsAndLocks() {
      Map<String, String> env = env("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", SECRET);
      Path file = writePrivate(dir.resolve("stowage.properties"), "stowage.s3-main.partSize=16MiB");
      ResolvedSettings resolved =
          isolated()
              .explicitSecret("s3-main", "accessKeyId", Secret.of(KEY_ID))
              .environment(env::get)
              .systemProperties(() -> properties("stowage.s3-main.region", "eu-west-1"))
              .configFile(file)
              .build()
              .resolve("s3-main", schema("s3"), storedBucket());

      assertThat(resolved.setting("accessKeyId").orElseThrow())
          .isEqualTo(
              new ResolvedSetting("accessKeyId", SettingOrigin.CODE, true, "****MPLE", false));
      assertThat(resolved.setting("secretAccessKey").orElseThrow())
          .isEqualTo(
              new ResolvedSetting(
                  "secretAccessKey", SettingOrigin.ENVIRONMENT, true, "****EKEY", false));
      assertThat(resolved.setting("region").orElseThrow().origin())
          .isEqualTo(SettingOrigin.SYSTEM_PROPERTY);
      assertThat(resolved.setting("partSize").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONFIG_FILE);
      assertThat(resolved.setting("bucket").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONNECTION_STORE);
      assertThat(resolved.setting("multipartThreshold").orElseThrow().origin())
          .isEqualTo(SettingOrigin.DRIVER_DEFAULT);
      assertThat(resolved.setting("sessionToken")).isEmpty();

      assertThat(resolved.setting("accessKeyId").orElseThrow().lockedInUi()).isTrue();
      assertThat(resolved.setting("secretAccessKey").orElseThrow().lockedInUi()).isTrue();
      assertThat(resolved.setting("region").orElseThrow().lockedInUi()).isTrue();
      assertThat(resolved.setting("partSize").orElseThrow().lockedInUi()).isTrue();
      assertThat(resolved.setting("bucket").orElseThrow().lockedInUi()).isFalse();
      assertThat(resolved.setting("multipartThreshold").orElseThrow().lockedInUi()).isFalse();

      assertThat(resolved.config().secret("accessKeyId").orElseThrow().reveal()).isEqualTo(KEY_ID);
      assertThat(resolved.config().secret("secretAccessKey").orElseThrow().reveal())
          .isEqualTo(SECRET);
      assertThat(resolved.toString()).doesNotContain(SECRET).doesNotContain(KEY_ID);
      assertThat(resolved.config().toString()).doesNotContain(SECRET).doesNotContain(KEY_ID);
    }

    @Test
    @DisplayName("a secret given as a plain value, in any source, is still a secret: masked")
    void schemaDecidesWhatIsSecret() {
      ResolvedSettings resolved =
          isolated()
              .explicit("s3-main", "secretAccessKey", SECRET)
              .build()
              .resolve("s3-main", schema("s3"), storedBucket());

      assertThat(resolved.setting("secretAccessKey").orElseThrow().shownValue())
          .isEqualTo("****EKEY");
      assertThat(resolved.config().value("secretAccessKey")).isEmpty();
      assertThat(resolved.config().secret("secretAccessKey").orElseThrow().reveal())
          .isEqualTo(SECRET);
    }
  }

  @Nested
  @DisplayName("trimming and empty values")
  class Trimming {

    @Test
    @DisplayName("a pasted key with a trailing newline is trimmed and reported as trimmed")
    void trimmedAndReported() {
      Map<String, String> env = env("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", SECRET + "\n");
      ResolvedSettings resolved =
          isolated()
              .environment(env::get)
              .systemProperties(() -> properties("stowage.s3-main.region", "  eu-west-1 "))
              .explicit("s3-main", "accessKeyId", "\t" + KEY_ID)
              .build()
              .resolve("s3-main", schema("s3"), storedBucket());

      assertThat(resolved.setting("secretAccessKey").orElseThrow().trimmed()).isTrue();
      assertThat(resolved.config().secret("secretAccessKey").orElseThrow().reveal())
          .isEqualTo(SECRET);
      assertThat(resolved.setting("region").orElseThrow().trimmed()).isTrue();
      assertThat(resolved.setting("region").orElseThrow().shownValue()).isEqualTo("eu-west-1");
      assertThat(resolved.config().value("region")).contains("eu-west-1");
      assertThat(resolved.setting("accessKeyId").orElseThrow().trimmed()).isTrue();
      assertThat(resolved.setting("bucket").orElseThrow().trimmed()).isFalse();
    }

    @Test
    @DisplayName("trimming of a stored value is reported too")
    void storedTrimmed() {
      DriverConfig stored =
          DriverConfig.builder()
              .set("bucket", "shop-files \n")
              .secret("secretAccessKey", SECRET + " ")
              .build();
      ResolvedSettings resolved = isolated().build().resolve("s3-main", schema("s3"), stored);

      assertThat(resolved.setting("bucket").orElseThrow().trimmed()).isTrue();
      assertThat(resolved.config().value("bucket")).contains("shop-files");
      assertThat(resolved.setting("secretAccessKey").orElseThrow().trimmed()).isTrue();
    }

    @Test
    @DisplayName("an empty or blank value in a source counts as unset: the stored key stays")
    void emptyValuesAreUnset() throws Exception {
      Map<String, String> env = env("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", "");
      Path file = writePrivate(dir.resolve("s.properties"), "stowage.s3-main.accessKeyId=");
      DriverConfig stored =
          DriverConfig.builder()
              .set("bucket", "b")
              .secret("secretAccessKey", SECRET)
              .secret("accessKeyId", KEY_ID)
              .build();
      ResolvedSettings resolved =
          isolated()
              .environment(env::get)
              .systemProperties(() -> properties("stowage.s3-main.accessKeyId", "  "))
              .explicit("s3-main", "accessKeyId", " ")
              .configFile(file)
              .build()
              .resolve("s3-main", schema("s3"), stored);

      assertThat(resolved.setting("secretAccessKey").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONNECTION_STORE);
      assertThat(resolved.setting("accessKeyId").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONNECTION_STORE);
      assertThat(resolved.config().secret("secretAccessKey").orElseThrow().reveal())
          .isEqualTo(SECRET);
    }
  }

  @Nested
  @DisplayName("environment variable names")
  class EnvironmentNames {

    @Test
    @DisplayName("s3-main reads STOWAGE_S3_MAIN_*, s3 reads STOWAGE_S3_*: they never mix")
    void similarIdsDoNotCollide() {
      Map<String, String> env =
          env(
              "STOWAGE_S3_MAIN_ACCESS_KEY_ID", "AKIAMAINMAINMAIN0001",
              "STOWAGE_S3_ACCESS_KEY_ID", "AKIAPLAINPLAINPLA002",
              "STOWAGE_S3_MAIN_BUCKET", "main-bucket");
      LayeredSettingSources sources = isolated().environment(env::get).build();

      ResolvedSettings main = sources.resolve("s3-main", schema("s3"), DriverConfig.empty());
      ResolvedSettings plain = sources.resolve("s3", schema("s3"), storedBucket());

      assertThat(main.config().secret("accessKeyId").orElseThrow().reveal())
          .isEqualTo("AKIAMAINMAINMAIN0001");
      assertThat(main.config().value("bucket")).contains("main-bucket");
      assertThat(plain.config().secret("accessKeyId").orElseThrow().reveal())
          .isEqualTo("AKIAPLAINPLAINPLA002");
      assertThat(plain.config().value("bucket")).contains("stored-bucket");
      assertThat(plain.setting("bucket").orElseThrow().origin())
          .isEqualTo(SettingOrigin.CONNECTION_STORE);
    }

    @Test
    @DisplayName("the environment is asked again on every resolve: a rotated variable is used")
    void environmentNotFrozen() {
      Map<String, String> env = env("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", SECRET);
      Properties sys = properties("stowage.s3-main.accessKeyId", KEY_ID);
      LayeredSettingSources sources =
          isolated().environment(env::get).systemProperties(() -> sys).build();
      sources.resolve("s3-main", schema("s3"), storedBucket());

      env.put("STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", "rotatedSecretValue0002");
      sys.setProperty("stowage.s3-main.accessKeyId", "AKIAROTATEDROTATED02");
      ResolvedSettings after = sources.resolve("s3-main", schema("s3"), storedBucket());

      assertThat(after.config().secret("secretAccessKey").orElseThrow().reveal())
          .isEqualTo("rotatedSecretValue0002");
      assertThat(after.config().secret("accessKeyId").orElseThrow().reveal())
          .isEqualTo("AKIAROTATEDROTATED02");
    }
  }

  @Nested
  @DisplayName("typos")
  class Typos {

    @Test
    @DisplayName("a misspelt setting in the configuration file fails naming its key")
    void typoInFile() {
      Path file =
          writePrivate(
              dir.resolve("stowage.properties"),
              "stowage.s3-main.bukcet=shop-files",
              "stowage.s3-main.region=eu-west-1");
      LayeredSettingSources sources = isolated().configFile(file).build();

      assertConfigInvalid(() -> sources.resolve("s3-main", schema("s3"), storedBucket()))
          .hasMessageContaining("stowage.s3-main.bukcet")
          .hasMessageContaining("connection 's3-main'")
          .hasMessageContaining("bucket")
          .hasMessageNotContaining("shop-files");
    }

    @Test
    @DisplayName("a misspelt system property fails naming its key")
    void typoInSystemProperties() {
      LayeredSettingSources sources =
          isolated()
              .systemProperties(() -> properties("stowage.s3-main.acessKeyId", KEY_ID))
              .build();

      assertConfigInvalid(() -> sources.resolve("s3-main", schema("s3"), storedBucket()))
          .hasMessageContaining("stowage.s3-main.acessKeyId")
          .hasMessageContaining("system properties")
          .hasMessageNotContaining(KEY_ID);
    }

    @Test
    @DisplayName("a misspelt setting given in code fails naming it")
    void typoInCode() {
      LayeredSettingSources sources = isolated().explicit("s3-main", "regoin", "eu-west-1").build();

      assertConfigInvalid(() -> sources.resolve("s3-main", schema("s3"), storedBucket()))
          .hasMessageContaining("regoin")
          .hasMessageNotContaining("eu-west-1");
    }

    @Test
    @DisplayName("settings of another connection are not this connection's typos")
    void otherConnectionsIgnored() {
      LayeredSettingSources sources =
          isolated().systemProperties(() -> properties("stowage.disk.root", "/srv/files")).build();

      assertThat(sources.resolve("s3-main", schema("s3"), storedBucket()).setting("bucket"))
          .isPresent();
      assertConfigInvalid(() -> sources.resolve("disk", schema("s3"), storedBucket()))
          .hasMessageContaining("stowage.disk.root");
    }

    @Test
    @DisplayName("a key of no known shape in the file fails, naming the key")
    void malformedKeys() {
      Path file =
          writePrivate(
              dir.resolve("stowage.properties"),
              "stowgae.s3-main.bucket=a",
              "stowage.uploadTraget=s3-main",
              "stowage.S3-Main.bucket=b");
      LayeredSettingSources sources = isolated().configFile(file).build();

      assertConfigInvalid(() -> sources.resolve("s3-main", schema("s3"), storedBucket()))
          .hasMessageContaining("'stowgae.s3-main.bucket'")
          .hasMessageContaining("'stowage.uploadTraget'")
          .hasMessageContaining("'stowage.S3-Main.bucket'");
      assertConfigInvalid(sources::declaredConnections).hasMessageContaining("stowgae");
    }
  }

  @Nested
  @DisplayName("provider chain")
  class ProviderChain {

    @Test
    @DisplayName(
        "credentials=default-chain from any source reports the unset secrets as PROVIDER_CHAIN")
    void reportedWhenSelected() {
      Map<String, String> env = env("STOWAGE_S3_MAIN_CREDENTIALS", "default-chain");
      ResolvedSettings resolved =
          isolated().environment(env::get).build().resolve("s3-main", schema("s3"), storedBucket());

      assertThat(resolved.setting("credentials").orElseThrow().origin())
          .isEqualTo(SettingOrigin.ENVIRONMENT);
      for (String secret : new String[] {"accessKeyId", "secretAccessKey", "sessionToken"}) {
        ResolvedSetting s = resolved.setting(secret).orElseThrow();
        assertThat(s.origin()).isEqualTo(SettingOrigin.PROVIDER_CHAIN);
        assertThat(s.lockedInUi()).isTrue();
        assertThat(s.shownValue()).isEmpty();
      }
      assertThat(resolved.config().secret("accessKeyId")).isEmpty();
    }

    @Test
    @DisplayName("an environment selecting static keys wins over a store selecting the chain")
    void higherSourceDecides() {
      Map<String, String> env = env("STOWAGE_S3_MAIN_CREDENTIALS", "static");
      DriverConfig stored =
          DriverConfig.builder().set("bucket", "b").set("credentials", "default-chain").build();
      ResolvedSettings resolved =
          isolated().environment(env::get).build().resolve("s3-main", schema("s3"), stored);

      assertThat(resolved.setting("accessKeyId")).isEmpty();
    }

    @Test
    @DisplayName("not reported with the driver's default (static keys)")
    void notByDefault() {
      ResolvedSettings resolved =
          isolated().build().resolve("s3-main", schema("s3"), storedBucket());

      assertThat(resolved.setting("credentials").orElseThrow().origin())
          .isEqualTo(SettingOrigin.DRIVER_DEFAULT);
      assertThat(resolved.setting("accessKeyId")).isEmpty();
    }

    @Test
    @DisplayName("storeOnly reports the chain from the store, through the same resolution")
    void storeOnly() {
      DriverConfig stored =
          DriverConfig.builder().set("bucket", "b").set("credentials", " default-chain").build();
      ResolvedSettings resolved =
          SettingSources.storeOnly().resolve("s3-main", schema("s3"), stored);

      assertThat(resolved.setting("secretAccessKey").orElseThrow().origin())
          .isEqualTo(SettingOrigin.PROVIDER_CHAIN);
      assertThat(resolved.setting("credentials").orElseThrow().trimmed()).isTrue();
    }
  }
}
