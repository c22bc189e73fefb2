package dev.stowage.hub.seal;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 master key and its id. The id travels in every envelope sealed with the key, so it is
 * public; the key bytes never leave this object except to the cipher ({@link #toString()} shows the
 * id only).
 */
public final class MasterKey {

  /** Exactly this many bytes: AES-256. */
  public static final int KEY_BYTES = 32;

  /**
   * 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit. No ':' (the envelope
   * separator), and shorter than any base64 key, so a key pasted where an id belongs is never taken
   * for an id and echoed in a message.
   */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  private final String id;
  private final SecretKey key;

  private MasterKey(String id, SecretKey key) {
    this.id = id;
    this.key = key;
  }

  /**
   * A master key from its 32 bytes. The array is copied; the caller may clear it afterwards. Fails
   * {@code CONFIG_INVALID} for an id of the wrong shape or a key of the wrong length (naming
   * neither the key nor a malformed id).
   */
  public static MasterKey of(String id, byte[] key) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    if (!ID.matcher(id).matches()) {
      throw StorageException.of(Code.CONFIG_INVALID, "A master key id " + ID_RULE);
    }
    if (key.length != KEY_BYTES) {
      throw StorageException.of(
          Code.CONFIG_INVALID,
          "Master key '"
              + id
              + "' is "
              + key.length
              + " bytes; a master key is exactly "
              + KEY_BYTES
              + " random bytes (AES-256)");
    }
    return new MasterKey(id, new SecretKeySpec(key, "AES"));
  }

  /** A new random key (from a {@link java.security.SecureRandom}) with the given id. */
  public static MasterKey generate(String id) {
    byte[] bytes = KeyText.randomKeyBytes();
    try {
      return of(id, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  static final String ID_RULE =
      "is 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit";

  public String id() {
    return id;
  }

  /** For the cipher only. */
  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}
