package dev.stowage.spi.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding of UTF-8, strict both ways: only unreserved characters stay as they are
 * ({@code '/'} too, in paths), and decoding refuses malformed escapes and invalid UTF-8 rather than
 * guessing. {@code '+'} is a literal plus, never a space. Drivers use it to put keys into URLs of
 * their own (signed links, public links).
 */
public final class PercentCoding {

  private PercentCoding() {}

  /** The key's UTF-8, percent-encoded for a URL path: unreserved characters and '/' as they are. */
  public static String encodePath(String key) {
    return encode(key, true);
  }

  /** The value's UTF-8, percent-encoded for a query parameter ('/' encoded too). */
  public static String encodeQueryValue(String value) {
    return encode(value, false);
  }

  private static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(hex(c >> 4)).append(hex(c & 0xf));
      }
    }
    return out.toString();
  }

  /** The decoded text, or null when {@code s} is not valid percent-encoded UTF-8. */
  static String decode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        return null; // a raw space, control or non-ASCII character was never produced by us
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static char hex(int nibble) {
    return "0123456789ABCDEF".charAt(nibble);
  }
}
