package dev.stowage.hub.seal;

import dev.stowage.Secret;

/**
 * Seals the secrets a hub stores (keys pasted into a settings page) so the connection store holds
 * only envelopes. An envelope is bound to its connection id and setting name: moved to another row
 * or setting, it no longer opens. Failures are {@code CONFIG_INVALID} naming the connection and the
 * setting, never a value.
 */
public interface SecretSealer {

  /** An envelope of {@code secret} for this connection and setting, under the newest key. */
  String seal(String connectionId, String setting, Secret secret);

  /** The secret inside an envelope made by {@link #seal} for the same connection and setting. */
  Secret unseal(String connectionId, String setting, String envelope);

  /** Whether the envelope was sealed under a key older than the one {@link #seal} uses now. */
  boolean sealedWithOlderKey(String envelope);
}
