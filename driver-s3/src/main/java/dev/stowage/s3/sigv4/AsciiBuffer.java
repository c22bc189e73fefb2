package dev.stowage.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for text that is ASCII once percent-encoded: canonical requests, strings
 * to sign and URLs. Writing bytes directly (rather than chars into a {@code StringBuilder} and
 * converting) lets the digest read the buffer as it is and makes the final URL one array copy.
 */
final class AsciiBuffer {

  private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      UNRESERVED[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
    }
  }

  byte[] bytes;
  int length;

  AsciiBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  AsciiBuffer clear() {
    length = 0;
    return this;
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }

  AsciiBuffer put(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** Appends text known to be ASCII (constants, encoded values, digits). */
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII
  AsciiBuffer put(String ascii) {
    int n = ascii.length();
    ensure(n);
    ascii.getBytes(0, n, bytes, length); // deprecated for its lossy char->byte cast, exact here
    length += n;
    return this;
  }

  /** Appends a non-negative number's decimal digits without making a string of it. */
  AsciiBuffer put(long number) {
    if (number < 0) {
      return put(Long.toString(number));
    }
    int digits = 1;
    for (long n = number; n >= 10; n /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + number % 10);
      number /= 10;
    }
    length += digits;
    return this;
  }

  AsciiBuffer put(AsciiBuffer other, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(other.bytes, from, bytes, length, n);
    length += n;
    return this;
  }

  /** Appends a header value's UTF-8 bytes as they are (SigV4 hashes header values raw). */
  AsciiBuffer putUtf8(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
      }
    }
    return put(text);
  }

  /**
   * Appends {@code s} percent-encoded as SigV4 wants (RFC 3986, UTF-8, upper-case hex); {@code
   * keepSlash} leaves '/' as is, for S3 object key paths (encoded once, not twice).
   */
  AsciiBuffer putEncoded(CharSequence s, boolean keepSlash) {
    int n = s.length();
    ensure(n * 3);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (UNRESERVED[c] || (keepSlash && c == '/')) {
          bytes[length++] = (byte) c;
        } else {
          escape(c);
        }
        continue;
      }
      int cp = c;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cp = '?'; // what String.getBytes(UTF_8) does with a lone surrogate
      }
      ensure(12);
      if (cp < 0x800) {
        escape(0xC0 | (cp >> 6));
        escape(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        escape(0xE0 | (cp >> 12));
        escape(0x80 | ((cp >> 6) & 0x3F));
        escape(0x80 | (cp & 0x3F));
      } else {
        escape(0xF0 | (cp >> 18));
        escape(0x80 | ((cp >> 12) & 0x3F));
        escape(0x80 | ((cp >> 6) & 0x3F));
        escape(0x80 | (cp & 0x3F));
      }
    }
    return this;
  }

  private void escape(int b) {
    bytes[length++] = '%';
    bytes[length++] = HEX_UPPER[(b >> 4) & 0xF];
    bytes[length++] = HEX_UPPER[b & 0xF];
  }

  /** Lower-case hex, as SigV4 writes hashes and signatures. */
  AsciiBuffer putHex(byte[] data) {
    ensure(data.length * 2);
    for (byte b : data) {
      bytes[length++] = HEX_LOWER[(b >> 4) & 0xF];
      bytes[length++] = HEX_LOWER[b & 0xF];
    }
    return this;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
