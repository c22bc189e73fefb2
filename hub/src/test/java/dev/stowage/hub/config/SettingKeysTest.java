package dev.stowage.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SettingKeysTest {

  @Test
  @DisplayName("the id is upper-cased with '-' as '_', the setting camelCase becomes UPPER_SNAKE")
  void environmentNames() {
    assertThat(SettingKeys.envName("s3-main", "accessKeyId"))
        .isEqualTo("STOWAGE_S3_MAIN_ACCESS_KEY_ID");
    assertThat(SettingKeys.envName("r2", "publicBaseUrl")).isEqualTo("STOWAGE_R2_PUBLIC_BASE_URL");
    assertThat(SettingKeys.envName("disk", "root")).isEqualTo("STOWAGE_DISK_ROOT");
    assertThat(SettingKeys.envName("r2-eu", "accountId")).isEqualTo("STOWAGE_R2_EU_ACCOUNT_ID");
    assertThat(SettingKeys.envName("s3-main", "provider")).isEqualTo("STOWAGE_S3_MAIN_PROVIDER");
    assertThat(SettingKeys.globalEnvName("uploadTarget")).isEqualTo("STOWAGE_UPLOAD_TARGET");
    assertThat(SettingKeys.globalEnvName("connections")).isEqualTo("STOWAGE_CONNECTIONS");
  }

  @Test
  @DisplayName("the variables the README lists for the S3, R2 and local drivers' settings")
  void documentedVariablesOfTheRealDrivers() {
    Map<String, String> expected = new TreeMap<>();
    for (String provider : List.of("s3", "r2", "local")) {
      ConfigFixtures.schema(provider)
          .properties()
          .forEach(p -> expected.put(p.name(), SettingKeys.envName("s3-main", p.name())));
    }

    assertThat(expected)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("accessKeyId", "STOWAGE_S3_MAIN_ACCESS_KEY_ID"),
                Map.entry("accountId", "STOWAGE_S3_MAIN_ACCOUNT_ID"),
                Map.entry("bucket", "STOWAGE_S3_MAIN_BUCKET"),
                Map.entry("credentials", "STOWAGE_S3_MAIN_CREDENTIALS"),
                Map.entry("downloadPartSize", "STOWAGE_S3_MAIN_DOWNLOAD_PART_SIZE"),
                Map.entry("downloadPartsInFlight", "STOWAGE_S3_MAIN_DOWNLOAD_PARTS_IN_FLIGHT"),
                Map.entry("downloadThreshold", "STOWAGE_S3_MAIN_DOWNLOAD_THRESHOLD"),
                Map.entry("endpoint", "STOWAGE_S3_MAIN_ENDPOINT"),
                Map.entry("jurisdiction", "STOWAGE_S3_MAIN_JURISDICTION"),
                Map.entry("listen", "STOWAGE_S3_MAIN_LISTEN"),
                Map.entry("maxUploadBytes", "STOWAGE_S3_MAIN_MAX_UPLOAD_BYTES"),
                Map.entry("multipartThreshold", "STOWAGE_S3_MAIN_MULTIPART_THRESHOLD"),
                Map.entry("partSize", "STOWAGE_S3_MAIN_PART_SIZE"),
                Map.entry("partsInFlight", "STOWAGE_S3_MAIN_PARTS_IN_FLIGHT"),
                Map.entry("publicBaseUrl", "STOWAGE_S3_MAIN_PUBLIC_BASE_URL"),
                Map.entry("region", "STOWAGE_S3_MAIN_REGION"),
                Map.entry("root", "STOWAGE_S3_MAIN_ROOT"),
                Map.entry("secretAccessKey", "STOWAGE_S3_MAIN_SECRET_ACCESS_KEY"),
                Map.entry("sessionToken", "STOWAGE_S3_MAIN_SESSION_TOKEN"),
                Map.entry("signingKey", "STOWAGE_S3_MAIN_SIGNING_KEY"),
                Map.entry("uploadMemory", "STOWAGE_S3_MAIN_UPLOAD_MEMORY")));
  }

  @Test
  @DisplayName("property keys are stowage.<id>.<setting>, as written")
  void propertyKeys() {
    assertThat(SettingKeys.propertyKey("s3-main", "accessKeyId"))
        .isEqualTo("stowage.s3-main.accessKeyId");
    assertThat(SettingKeys.globalPropertyKey("uploadTarget")).isEqualTo("stowage.uploadTarget");
  }

  @Test
  @DisplayName("connection ids are slugs")
  void slugs() {
    assertThat(ConnectionIds.isValid("s3-main")).isTrue();
    assertThat(ConnectionIds.isValid("a")).isTrue();
    assertThat(ConnectionIds.isValid("S3-main")).isFalse();
    assertThat(ConnectionIds.isValid("s3_main")).isFalse();
    assertThat(ConnectionIds.isValid("-s3")).isFalse();
    assertThat(ConnectionIds.isValid("s3~2")).isFalse();
    assertThat(ConnectionIds.isValid("a".repeat(65))).isFalse();
  }
}
