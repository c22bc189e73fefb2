package dev.stowage.hub;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.SettingKeys;
import dev.stowage.hub.seal.SecretSealer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of sealing: every secret bound for the connection store goes through the {@link
 * SecretSealer} with the connection id and setting name as associated data, and a hub without one
 * refuses to store a secret rather than keep it in clear.
 */
final class Sealing {

  private static final Logger log = LoggerFactory.getLogger(Sealing.class);

  private final SecretSealer sealer;

  /** {@code sealer} may be null: the hub then keeps no secret in its store. */
  Sealing(SecretSealer sealer) {
    this.sealer = sealer;
  }

  String seal(String connectionId, String setting, Secret secret) {
    if (sealer == null) {
      throw StorageException.of(
          Code.CONFIG_INVALID,
          "Connection '"
              + connectionId
              + "': storing secret '"
              + setting
              + "' needs a master key, and this hub has none (StorageHub.Builder.sealer). The"
              + " recommended way keeps it out of the store altogether: set the environment"
              + " variable "
              + SettingKeys.envName(connectionId, setting)
              + " or '"
              + SettingKeys.propertyKey(connectionId, setting)
              + "' in the configuration file");
    }
    if (secret.wasTrimmed()) {
      // The envelope holds the trimmed value, so this is the one moment to say so.
      log.warn(
          "Secret '{}' of connection '{}' had surrounding whitespace; it was trimmed",
          setting,
          connectionId);
    }
    return sealer.seal(connectionId, setting, secret);
  }

  Secret unseal(String connectionId, String setting, String envelope) {
    if (sealer == null) {
      throw StorageException.of(
          Code.CONFIG_INVALID,
          "Connection '"
              + connectionId
              + "': secret '"
              + setting
              + "' is sealed in the connection store and this hub has no master key to open it"
              + " (StorageHub.Builder.sealer)");
    }
    return sealer.unseal(connectionId, setting, envelope);
  }

  Map<String, Secret> unsealAll(String connectionId, Map<String, String> envelopes) {
    Map<String, Secret> out = new TreeMap<>();
    envelopes.forEach((name, envelope) -> out.put(name, unseal(connectionId, name, envelope)));
    return out;
  }

  /**
   * The secrets that unseal, and for those that do not the sealer's reason (naming the setting and
   * the key id, never a value): a settings page shows a connection with a broken secret instead of
   * failing for every connection.
   */
  Unsealed unsealReadable(String connectionId, Map<String, String> envelopes) {
    Map<String, Secret> secrets = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    envelopes.forEach(
        (name, envelope) -> {
          try {
            secrets.put(name, unseal(connectionId, name, envelope));
          } catch (StorageException e) {
            if (e.code() != Code.CONFIG_INVALID) {
              throw e;
            }
            problems.add(e.getMessage());
          }
        });
    return new Unsealed(
        secrets, problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)));
  }

  /** What {@link #unsealReadable} could open, and why the rest did not. */
  record Unsealed(Map<String, Secret> secrets, Optional<String> problem) {}

  /** {@code sealed} with each change applied: a secret sealed anew, or removed. */
  Map<String, String> apply(
      String connectionId, Map<String, String> sealed, Map<String, Optional<Secret>> changes) {
    Map<String, String> out = new TreeMap<>(sealed);
    changes.forEach(
        (name, value) -> {
          if (value.isPresent()) {
            out.put(name, seal(connectionId, name, value.get()));
          } else {
            out.remove(name);
          }
        });
    return out;
  }
}
