package dev.stowage.hub.seal;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals stored secrets with AES-256-GCM from the JDK: a fresh random 96-bit nonce per seal, a
 * 128-bit tag, and associated data binding the envelope to its key id, connection id and setting
 * name (see {@link Envelope} for the format). The newest key of the {@link MasterKeys} seals; any
 * key of the ring unseals. Immutable and thread-safe; to rotate, build a new sealer on the new
 * ring.
 *
 * <p>An envelope that is altered (any bit), moved to another connection or setting, sealed under a
 * key the ring lacks, malformed, or of an unknown format version fails {@code CONFIG_INVALID}
 * naming the connection and setting (and the key id when the key is missing), never the secret nor
 * the envelope.
 */
public final class AesGcmSealer implements SecretSealer {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final MasterKeys keys;
  private final SecureRandom random;

  private AesGcmSealer(MasterKeys keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  public static AesGcmSealer create(MasterKeys keys) {
    return new AesGcmSealer(Objects.requireNonNull(keys, "keys"), new SecureRandom());
  }

  /** The key ring this sealer uses. */
  public MasterKeys keys() {
    return keys;
  }

  @Override
  public String seal(String connectionId, String setting, Secret secret) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(secret, "secret");
    MasterKey key = keys.newest();
    byte[] nonce = new byte[Envelope.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = secret.reveal().getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, connectionId, setting);
      return new Envelope(key.id(), nonce, cipher.doFinal(plain)).format();
    } catch (GeneralSecurityException e) {
      throw StorageException.builder(
              Code.UNEXPECTED,
              "The JDK could not seal the secret '"
                  + setting
                  + "' of connection '"
                  + connectionId
                  + "' with AES-GCM")
          .cause(e)
          .build();
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public Secret unseal(String connectionId, String setting, String envelope) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(envelope, "envelope");
    Envelope parsed;
    try {
      parsed = Envelope.parse(envelope);
    } catch (Envelope.Unreadable e) {
      throw refused(
          connectionId,
          setting,
          e.unknownVersion
              ? "is sealed in an envelope format this version of Stowage does not read"
              : "is not a Stowage sealed secret (stowage:v1:<key id>:<sealed bytes>)");
    }
    MasterKey key =
        keys.key(parsed.keyId())
            .orElseThrow(
                () ->
                    refused(
                        connectionId,
                        setting,
                        "was sealed with master key '"
                            + parsed.keyId()
                            + "', which the key ring "
                            + keys.ids()
                            + " does not hold; add that key back or enter the secret again"));
    byte[] plain = null;
    try {
      plain =
          cipher(Cipher.DECRYPT_MODE, key, parsed.nonce(), connectionId, setting)
              .doFinal(parsed.sealed());
      return Secret.of(utf8(plain, connectionId, setting));
    } catch (AEADBadTagException e) {
      throw refused(
          connectionId,
          setting,
          "does not open with master key '"
              + key.id()
              + "': it was altered, or it belongs to another connection or setting");
    } catch (GeneralSecurityException e) {
      throw StorageException.builder(
              Code.UNEXPECTED,
              "The JDK could not unseal the secret '"
                  + setting
                  + "' of connection '"
                  + connectionId
                  + "' with AES-GCM")
          .cause(e)
          .build();
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * True unless the envelope is well formed and sealed with the newest key: a {@link Reseal} pass
   * over what this answers true for also reports envelopes that no longer open.
   */
  @Override
  public boolean sealedWithOlderKey(String envelope) {
    Objects.requireNonNull(envelope, "envelope");
    try {
      return !Envelope.parse(envelope).keyId().equals(keys.newest().id());
    } catch (Envelope.Unreadable e) {
      return true;
    }
  }

  private static Cipher cipher(
      int mode, MasterKey key, byte[] nonce, String connectionId, String setting)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key.secretKey(), new GCMParameterSpec(Envelope.TAG_BITS, nonce));
    cipher.updateAAD(Envelope.associatedData(key.id(), connectionId, setting));
    return cipher;
  }

  private static String utf8(byte[] plain, String connectionId, String setting) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
    } catch (CharacterCodingException e) {
      throw refused(connectionId, setting, "does not hold UTF-8 text");
    }
  }

  private static StorageException refused(String connectionId, String setting, String why) {
    return StorageException.of(
        Code.CONFIG_INVALID,
        "The stored secret '" + setting + "' of connection '" + connectionId + "' " + why);
  }

  @Override
  public String toString() {
    return "AesGcmSealer[" + keys + "]";
  }
}
