package dev.stowage.hub;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.hub.seal.SecretSealer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A real AES-256-GCM sealer for the hub's tests until the seal package's lands: a random key per
 * instance, a random 96-bit nonce per seal, associated data = connection id + setting name.
 */
final class TestSealer implements SecretSealer {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "test1:";

  private final SecretKey key;

  TestSealer() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, RANDOM);
      this.key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String seal(String connectionId, String setting, Secret secret) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad(connectionId, setting));
      byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Secret unseal(String connectionId, String setting, String envelope) {
    try {
      if (!envelope.startsWith(PREFIX)) {
        throw new GeneralSecurityException("not an envelope");
      }
      byte[] raw = Base64.getDecoder().decode(envelope.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
      cipher.updateAAD(aad(connectionId, setting));
      byte[] clear = cipher.doFinal(raw, 12, raw.length - 12);
      return Secret.of(new String(clear, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Connection '" + connectionId + "': secret '" + setting + "' does not unseal");
    }
  }

  @Override
  public boolean sealedWithOlderKey(String envelope) {
    return false;
  }

  private static byte[] aad(String connectionId, String setting) {
    return (connectionId + "\0" + setting).getBytes(StandardCharsets.UTF_8);
  }
}
