package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Secret;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NoMasterKeySealerTest {

  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  @DisplayName("without a master key, storing or opening a secret fails saying how to add one")
  void refusesWithoutKeys() {
    SecretSealer sealer = NoMasterKeySealer.INSTANCE;
    assertThat(
            MasterKeysTest.refused(
                    () -> sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET)), SECRET)
                .getMessage())
        .contains("'s3-main'")
        .contains("'secretAccessKey'")
        .contains(MasterKeys.ENV_KEYS);
    String envelope = "stowage:v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    MasterKeysTest.refused(() -> sealer.unseal("s3-main", "secretAccessKey", envelope), envelope);
    assertThat(sealer.sealedWithOlderKey(envelope)).isFalse();
  }
}
