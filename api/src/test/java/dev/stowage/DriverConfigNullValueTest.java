package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException.Code;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DriverConfigNullValueTest {

  @Test
  @DisplayName("A secret read from an unset environment variable fails CONFIG_INVALID naming it")
  void nullSecret() {
    String unset = System.getenv("STOWAGE_TEST_VARIABLE_THAT_IS_NEVER_SET");
    assertThatThrownBy(() -> DriverConfig.builder().secret("signingKey", unset))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID))
        .hasMessageContaining("'signingKey'")
        .hasMessageContaining("environment variable");
  }

  @Test
  @DisplayName("A plain setting given null fails CONFIG_INVALID naming it")
  void nullSetting() {
    assertThatThrownBy(() -> DriverConfig.builder().set("root", (String) null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("'root'");
    assertThatThrownBy(() -> DriverConfig.builder().set("partsInFlight", (Object) null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("'partsInFlight'");
  }
}
