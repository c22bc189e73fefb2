package dev.stowage.hub.seal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The text form of a sealed secret: {@code stowage:v1:<keyId>:<base64url(nonce ‖ ciphertext ‖
 * tag)>}, unpadded URL-safe base64, a 12-byte nonce and a 16-byte tag. Parsing is strict (one
 * spelling per envelope: canonical base64 only), so any change to the text is a change to what is
 * authenticated or a refusal.
 */
record Envelope(String keyId, byte[] nonce, byte[] sealed) {

  static final String PREFIX = "stowage";
  static final String VERSION = "v1";
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int TAG_BYTES = TAG_BITS / 8;

  /** What the associated data begins with: this format, for this purpose. */
  static final String CONTEXT = "stowage-hub sealed secret v1";

  /** No stored secret is this long; nothing larger is decoded. */
  static final int MAX_CHARS = 16 * 1024;

  private static final Pattern VERSION_SHAPE = Pattern.compile("v[0-9]{1,4}");

  /** Why an envelope does not parse. Carries no part of it. */
  static final class Unreadable extends RuntimeException {
    final boolean unknownVersion;

    Unreadable(boolean unknownVersion) {
      super(null, null, false, false);
      this.unknownVersion = unknownVersion;
    }
  }

  static Envelope parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new Unreadable(false);
    }
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || !parts[0].equals(PREFIX)) {
      throw new Unreadable(false);
    }
    if (!parts[1].equals(VERSION)) {
      throw new Unreadable(VERSION_SHAPE.matcher(parts[1]).matches());
    }
    if (parts.length != 4 || !MasterKey.ID.matcher(parts[2]).matches()) {
      throw new Unreadable(false);
    }
    byte[] payload;
    try {
      payload = Base64.getUrlDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new Unreadable(false);
    }
    if (payload.length < NONCE_BYTES + TAG_BYTES || !encode(payload).equals(parts[3])) {
      throw new Unreadable(false);
    }
    return new Envelope(
        parts[2],
        Arrays.copyOfRange(payload, 0, NONCE_BYTES),
        Arrays.copyOfRange(payload, NONCE_BYTES, payload.length));
  }

  String format() {
    byte[] payload = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, payload, 0, nonce.length);
    System.arraycopy(sealed, 0, payload, nonce.length, sealed.length);
    return PREFIX + ":" + VERSION + ":" + keyId + ":" + encode(payload);
  }

  /**
   * The associated data: {@link #CONTEXT}, key id, connection id and setting name, each as a 4-byte
   * big-endian length and its UTF-8 bytes, so no two different tuples give the same bytes ({@code
   * ("ab","c")} and {@code ("a","bc")} differ).
   */
  static byte[] associatedData(String keyId, String connectionId, String setting) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String field : new String[] {CONTEXT, keyId, connectionId, setting}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      int n = bytes.length;
      out.write(n >>> 24);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static String encode(byte[] payload) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
  }

  @Override
  public String toString() {
    return "Envelope[keyId=" + keyId + "]";
  }

  // Arrays compare by content; not used as keys anywhere, but a record's default would compare
  // references and surprise a reader.
  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e
        && keyId.equals(e.keyId)
        && Arrays.equals(nonce, e.nonce)
        && Arrays.equals(sealed, e.sealed);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode() * 31 + Arrays.hashCode(nonce);
  }
}
