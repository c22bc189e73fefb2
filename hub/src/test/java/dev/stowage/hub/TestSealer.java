package dev.stowage.hub;

import dev.stowage.Secret;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.SecretSealer;

/** The real AES-256-GCM sealer over a master key made for one test. */
final class TestSealer implements SecretSealer {

  private final SecretSealer sealer =
      AesGcmSealer.create(MasterKeys.of(MasterKey.generate("test")));

  @Override
  public String seal(String connectionId, String setting, Secret secret) {
    return sealer.seal(connectionId, setting, secret);
  }

  @Override
  public Secret unseal(String connectionId, String setting, String envelope) {
    return sealer.unseal(connectionId, setting, envelope);
  }

  @Override
  public boolean sealedWithOlderKey(String envelope) {
    return sealer.sealedWithOlderKey(envelope);
  }
}
