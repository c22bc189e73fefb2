package dev.stowage.s3.sigv4;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 for one key with the key's padded blocks already hashed, and optionally a constant
 * prefix of the message too: a MAC then costs only the SHA-256 blocks of what follows the prefix
 * plus one block for the outer hash, where {@code javax.crypto.Mac} hashes the key block twice more
 * on every call. SigV4 strings to sign share their head (algorithm, date and scope, about 70 bytes)
 * for a whole second, so {@link #withPrefix} saves another block per URL.
 *
 * <p>Immutable: the two digests held here are never updated after construction, only cloned. Give
 * each thread its own: a clone only reads its source with the JDK's own provider, but not with
 * every provider (PKCS#11 clones through the token's session). Should a provider not support
 * cloning, the saved bytes are hashed again instead: same result, just slower.
 */
final class HmacSha256 {

  private static final int BLOCK = 64;

  private final byte[] innerStart;
  private final byte[] outerStart;
  private final MessageDigest inner;
  private final MessageDigest outer;

  private HmacSha256(byte[] innerStart, byte[] outerStart) {
    this.innerStart = innerStart;
    this.outerStart = outerStart;
    this.inner = newSha256();
    this.inner.update(innerStart);
    this.outer = newSha256();
    this.outer.update(outerStart);
  }

  /** A MAC for {@code key} (at most one block, as SigV4's keys are). */
  static HmacSha256 forKey(byte[] key) {
    if (key.length > BLOCK) {
      key = newSha256().digest(key);
    }
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    return new HmacSha256(ipad, opad);
  }

  /** The same key, for messages that all begin with {@code prefix}. */
  HmacSha256 withPrefix(byte[] prefix) {
    byte[] start = new byte[innerStart.length + prefix.length];
    System.arraycopy(innerStart, 0, start, 0, innerStart.length);
    System.arraycopy(prefix, 0, start, innerStart.length, prefix.length);
    return new HmacSha256(start, outerStart);
  }

  /**
   * Writes the MAC of (prefix + {@code data[offset, offset + length)}) into {@code out} at {@code
   * outOffset}.
   */
  void mac(byte[] data, int offset, int length, byte[] out, int outOffset) {
    try {
      MessageDigest in = copy(inner, innerStart);
      in.update(data, offset, length);
      in.digest(out, outOffset, 32);
      MessageDigest o = copy(outer, outerStart);
      o.update(out, outOffset, 32);
      o.digest(out, outOffset, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The MAC of {@code data} as a new array. */
  byte[] mac(byte[] data) {
    byte[] out = new byte[32];
    mac(data, 0, data.length, out, 0);
    return out;
  }

  private static MessageDigest copy(MessageDigest started, byte[] startBytes) {
    try {
      return (MessageDigest) started.clone();
    } catch (CloneNotSupportedException e) {
      MessageDigest d = newSha256();
      d.update(startBytes);
      return d;
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
