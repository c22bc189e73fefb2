package dev.stowage.hub.dagger;

import static dev.stowage.hub.dagger.StowageModuleTest.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.StorageException.Code;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.NoMasterKeySealer;
import dev.stowage.hub.seal.SecretSealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealer {@link StowageModule} chooses when the host binds none, by environment. */
class DefaultSealerTest {

  @TempDir Path dir;

  private static SecretSealer defaultFor(Map<String, String> environment) {
    return StowageModule.sealer(Optional.empty(), Optional.empty(), environment::get);
  }

  @Test
  @DisplayName("no master-key variable (or a blank key-file one): the sealer that refuses secrets")
  void noKeys() {
    assertThat(defaultFor(Map.of())).isSameAs(NoMasterKeySealer.INSTANCE);
    assertThat(defaultFor(Map.of(MasterKeys.ENV_KEY_FILE, " ")))
        .isSameAs(NoMasterKeySealer.INSTANCE);
  }

  @Test
  @DisplayName("STOWAGE_MASTER_KEYS: AES-GCM over that ring, newest first")
  void keysFromTheEnvironment() {
    String line = MasterKeys.generateKeyLine("k2") + "," + MasterKeys.generateKeyLine("k1");

    SecretSealer sealer = defaultFor(Map.of(MasterKeys.ENV_KEYS, line));

    assertThat(sealer).isInstanceOf(AesGcmSealer.class);
    assertThat(((AesGcmSealer) sealer).keys().ids()).containsExactly("k2", "k1");
  }

  @Test
  @DisplayName("STOWAGE_MASTER_KEY_FILE: AES-GCM over the file's ring")
  void keysFromAFile() throws IOException {
    Path file = writeKeyFile("rw-------");

    SecretSealer sealer = defaultFor(Map.of(MasterKeys.ENV_KEY_FILE, file.toString()));

    assertThat(((AesGcmSealer) sealer).keys().ids()).containsExactly("file-key");
  }

  @Test
  @DisplayName("keys that are set but unusable fail CONFIG_INVALID, never falling back to none")
  void unusableKeysFail() throws IOException {
    failsWith(Code.CONFIG_INVALID, () -> defaultFor(Map.of(MasterKeys.ENV_KEYS, "k1:short")));
    failsWith(Code.CONFIG_INVALID, () -> defaultFor(Map.of(MasterKeys.ENV_KEYS, "")));
    Path readableByOthers = writeKeyFile("rw-r--r--");
    failsWith(
        Code.CONFIG_INVALID,
        () -> defaultFor(Map.of(MasterKeys.ENV_KEY_FILE, readableByOthers.toString())));
    failsWith(
        Code.CONFIG_INVALID,
        () ->
            defaultFor(
                Map.of(
                    MasterKeys.ENV_KEYS,
                    MasterKeys.generateKeyLine("k1"),
                    MasterKeys.ENV_KEY_FILE,
                    writeKeyFile("rw-------").toString())));
  }

  @Test
  @DisplayName("a bound sealer or bound keys win over the environment")
  void boundWinsOverEnvironment() {
    Map<String, String> env = Map.of(MasterKeys.ENV_KEYS, MasterKeys.generateKeyLine("env"));
    SecretSealer host = AesGcmSealer.create(MasterKeys.of(MasterKey.generate("host")));

    assertThat(StowageModule.sealer(Optional.of(host), Optional.empty(), env::get)).isSameAs(host);
    SecretSealer overKeys =
        StowageModule.sealer(
            Optional.empty(), Optional.of(MasterKeys.of(MasterKey.generate("bound"))), env::get);
    assertThat(((AesGcmSealer) overKeys).keys().ids()).containsExactly("bound");
  }

  private Path writeKeyFile(String permissions) throws IOException {
    Path file = Files.createTempFile(dir, "keys", ".txt");
    Files.writeString(file, MasterKeys.generateKeyLine("file-key") + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }
}
