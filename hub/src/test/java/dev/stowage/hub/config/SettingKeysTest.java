package dev.stowage.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

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
  @DisplayName("property keys are stowage.<id>.<setting>, as written")
  void propertyKeys() {
    assertThat(SettingKeys.propertyKey("s3-main", "accessKeyId"))
        .isEqualTo("stowage.s3-main.accessKeyId");
    assertThat(SettingKeys.globalPropertyKey("uploadTarget")).isEqualTo("stowage.uploadTarget");
  }

  @Test
  @DisplayName("connection ids are slugs")
  void slugs() {
    assertThat(SettingKeys.isSlug("s3-main")).isTrue();
    assertThat(SettingKeys.isSlug("a")).isTrue();
    assertThat(SettingKeys.isSlug("S3-main")).isFalse();
    assertThat(SettingKeys.isSlug("s3_main")).isFalse();
    assertThat(SettingKeys.isSlug("-s3")).isFalse();
    assertThat(SettingKeys.isSlug("s3~2")).isFalse();
    assertThat(SettingKeys.isSlug("a".repeat(65))).isFalse();
  }
}
