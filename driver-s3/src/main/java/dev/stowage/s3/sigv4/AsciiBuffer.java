package dev.stowage.s3.sigv4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  /** Four bytes stored at once: one store per encoded character instead of three. */
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  /**
   * Each ASCII character's percent-encoded form: up to three bytes, low byte first, and the count
   * in the top byte ('a' is 1 byte, ' ' is "%20").
   */
  private static final int[] ENCODED = new int[128];

  /** The same, with '/' kept as it is (S3 object key paths). */
  private static final int[] ENCODED_IN_PATH = new int[128];

  /** Each byte value's two lower-case hex digits, the first in the high half. */
  private static final short[] HEX_PAIRS = new short[256];

  static {
    for (int c = 0; c < 128; c++) {
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      int escaped = 3 << 24 | HEX_UPPER[c & 0xF] << 16 | HEX_UPPER[c >> 4] << 8 | '%';
      ENCODED[c] = unreserved ? 1 << 24 | c : escaped;
      ENCODED_IN_PATH[c] = unreserved || c == '/' ? 1 << 24 | c : escaped;
    }
    for (int v = 0; v < 256; v++) {
      HEX_PAIRS[v] = (short) (HEX_LOWER[v >> 4] << 8 | HEX_LOWER[v & 0xF]);
    }
  }

  byte[] bytes;
  int length;
  private char[] chars = new char[0];

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

  AsciiBuffer put(byte[] ascii) {
    ensure(ascii.length);
    System.arraycopy(ascii, 0, bytes, length, ascii.length);
    length += ascii.length;
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
  AsciiBuffer putEncoded(String s, boolean keepSlash) {
    int n = s.length();
    ensure(n * 3 + 1); // + 1: each character is written as a 4-byte store
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    // One bulk copy out of the string, then a loop over a plain array (String.charAt checks the
    // coder and bounds every time) that writes each ASCII character's encoded form from a table
    // in one 4-byte store, without branching on it: this is the hottest loop of a presigned URL,
    // and in file names kept and escaped characters alternate too irregularly for branch
    // prediction. The fourth byte lands past the new end and is overwritten or ignored.
    char[] cs = chars;
    s.getChars(0, n, cs, 0);
    int[] table = keepSlash ? ENCODED_IN_PATH : ENCODED;
    byte[] b = bytes;
    int len = length;
    for (int i = 0; i < n; i++) {
      char c = cs[i];
      if (c < 0x80) {
        int e = table[c];
        INT_LE.set(b, len, e);
        len += e >>> 24;
      } else {
        length = len;
        i = putEncodedNonAscii(s, i);
        b = bytes;
        len = length;
      }
    }
    length = len;
    return this;
  }

  /** Encodes the character at {@code i} (and its low surrogate); returns the last index used. */
  private int putEncodedNonAscii(String s, int i) {
    char c = s.charAt(i);
    int cp = c;
    if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      cp = Character.toCodePoint(c, s.charAt(++i));
    }
    // Room for this character's bytes plus what putEncoded reserved for the rest of the string.
    ensure(12 + (s.length() - i) * 3 + 1);
    if (cp == c && Character.isSurrogate(c)) {
      escape('?'); // what String.getBytes(UTF_8) writes for a lone surrogate
    } else if (cp < 0x800) {
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
    return i;
  }

  private void escape(int b) {
    bytes[length++] = '%';
    bytes[length++] = HEX_UPPER[(b >> 4) & 0xF];
    bytes[length++] = HEX_UPPER[b & 0xF];
  }

  /** Lower-case hex of {@code data[0, count)}, as SigV4 writes hashes and signatures. */
  AsciiBuffer putHex(byte[] data, int count) {
    ensure(count * 2);
    byte[] b = bytes;
    int len = length;
    for (int i = 0; i < count; i++) {
      SHORT_BE.set(b, len, HEX_PAIRS[data[i] & 0xFF]);
      len += 2;
    }
    length = len;
    return this;
  }

  AsciiBuffer putHex(byte[] data) {
    return putHex(data, data.length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
