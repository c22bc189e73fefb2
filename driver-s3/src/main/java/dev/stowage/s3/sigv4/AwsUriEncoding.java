package dev.stowage.s3.sigv4;

/**
 * SigV4's URI encoding (RFC 3986): unreserved characters {@code A-Z a-z 0-9 - . _ ~} stay, every
 * other UTF-8 byte becomes {@code %XX} in upper-case hex. S3 object keys keep {@code /} and are
 * encoded once, not twice as other services' paths are. Appends to a caller's builder so signing
 * allocates nothing per character.
 */
final class AwsUriEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      UNRESERVED[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      UNRESERVED[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      UNRESERVED[c] = true;
    }
    UNRESERVED['-'] = true;
    UNRESERVED['.'] = true;
    UNRESERVED['_'] = true;
    UNRESERVED['~'] = true;
  }

  private AwsUriEncoding() {}

  /** Appends {@code s} encoded; {@code keepSlash} leaves '/' as is (object key paths). */
  static void append(StringBuilder out, CharSequence s, boolean keepSlash) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (UNRESERVED[c] || (keepSlash && c == '/')) {
          out.append(c);
        } else {
          appendByte(out, c);
        }
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cp = '?'; // what String.getBytes(UTF_8) does with a lone surrogate
      }
      if (cp < 0x800) {
        appendByte(out, 0xC0 | (cp >> 6));
        appendByte(out, 0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        appendByte(out, 0xE0 | (cp >> 12));
        appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
        appendByte(out, 0x80 | (cp & 0x3F));
      } else {
        appendByte(out, 0xF0 | (cp >> 18));
        appendByte(out, 0x80 | ((cp >> 12) & 0x3F));
        appendByte(out, 0x80 | ((cp >> 6) & 0x3F));
        appendByte(out, 0x80 | (cp & 0x3F));
      }
    }
  }

  static String encode(CharSequence s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    append(out, s, keepSlash);
    return out.toString();
  }

  private static void appendByte(StringBuilder out, int b) {
    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  /** Lower-case hex of {@code bytes}, as SigV4 writes hashes and signatures. */
  static void appendHex(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(LOWER_HEX[(b >> 4) & 0xF]).append(LOWER_HEX[b & 0xF]);
    }
  }

  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
}
