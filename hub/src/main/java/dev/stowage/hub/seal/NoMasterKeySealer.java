package dev.stowage.hub.seal;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Objects;

/**
 * The sealer of a hub that has no master key: every secret comes from configuration (code,
 * environment, system properties, the configuration file), so the hub starts without keys, and an
 * attempt to store or read a secret in the connection store fails {@code CONFIG_INVALID} saying how
 * to add a key, naming the connection and setting.
 */
public final class NoMasterKeySealer implements SecretSealer {

  public static final NoMasterKeySealer INSTANCE = new NoMasterKeySealer();

  private NoMasterKeySealer() {}

  @Override
  public String seal(String connectionId, String setting, Secret secret) {
    Objects.requireNonNull(secret, "secret");
    throw refused(connectionId, setting, "cannot be stored");
  }

  @Override
  public Secret unseal(String connectionId, String setting, String envelope) {
    Objects.requireNonNull(envelope, "envelope");
    throw refused(connectionId, setting, "is stored sealed and cannot be opened");
  }

  /** Nothing to reseal without keys: a {@link Reseal} pass with this sealer changes nothing. */
  @Override
  public boolean sealedWithOlderKey(String envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return false;
  }

  private static StorageException refused(String connectionId, String setting, String what) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(setting, "setting");
    return StorageException.of(
        Code.CONFIG_INVALID,
        "The secret '"
            + setting
            + "' of connection '"
            + connectionId
            + "' "
            + what
            + ": this hub has no master key. Set "
            + MasterKeys.ENV_KEYS
            + " or "
            + MasterKeys.ENV_KEY_FILE
            + ", or give the secret in configuration instead");
  }

  @Override
  public String toString() {
    return "NoMasterKeySealer";
  }
}
