package dev.stowage.hub;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of the key part of a {@link FileRef}: only what could not stand in the string as
 * itself is encoded ({@code %}, {@code ?}, {@code #}, {@code \}, spaces and other white space,
 * control and invisible format characters), so a reference stays readable; {@code /}, punctuation
 * and other non-ASCII characters stay as they are.
 */
final class FileRefCoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FileRefCoding() {}

  /** Whether a code point is written as {@code %XX} escapes of its UTF-8 bytes. */
  static boolean mustEncode(int cp) {
    return cp == '%'
        || cp == '?'
        || cp == '#'
        || cp == '\\'
        || Character.isISOControl(cp)
        || Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || Character.getType(cp) == Character.FORMAT;
  }

  /**
   * Whether a code point may not appear unescaped in a reference being parsed: those that would
   * change how the string reads ({@code ?}, {@code #}, a space, a control character). Other white
   * space and format characters are escaped when writing but accepted as they are when reading,
   * since which characters Unicode calls so grows with the JDK's Unicode version.
   */
  static boolean refusedUnescaped(int cp) {
    return cp < 0x80 ? mustEncode(cp) : Character.isISOControl(cp);
  }

  static String encode(String key) {
    StringBuilder out = new StringBuilder(key.length() + 8);
    key.codePoints()
        .forEach(
            cp -> {
              if (!mustEncode(cp)) {
                out.appendCodePoint(cp);
                return;
              }
              for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
              }
            });
    return out.toString();
  }

  /**
   * The key an encoded key part stands for; {@link IllegalArgumentException} (with a message fit
   * for users) on a malformed escape, escaped bytes that are not UTF-8, or a character that should
   * have been escaped.
   */
  static String decode(String encoded) {
    StringBuilder out = new StringBuilder(encoded.length());
    ByteBuffer pending = ByteBuffer.allocate(encoded.length());
    int i = 0;
    while (i < encoded.length()) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException(
              "a '%' at index " + i + " is not followed by two hexadecimal digits");
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || !isAsciiHex(encoded.charAt(i + 1), encoded.charAt(i + 2))) {
          throw new IllegalArgumentException(
              "a '%' at index " + i + " is not followed by two hexadecimal digits");
        }
        pending.put((byte) ((hi << 4) | lo));
        i += 3;
        continue;
      }
      flush(pending, out);
      int cp = encoded.codePointAt(i);
      if (refusedUnescaped(cp)) {
        throw new IllegalArgumentException(
            "the character U+"
                + String.format("%04X", cp)
                + " at index "
                + i
                + " must be percent-encoded");
      }
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    flush(pending, out);
    return out.toString();
  }

  private static boolean isAsciiHex(char a, char b) {
    return a < 0x80 && b < 0x80;
  }

  private static void flush(ByteBuffer pending, StringBuilder out) {
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = utf8.decode(pending);
      out.append(chars);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-encoded bytes that are not UTF-8");
    }
    pending.clear();
  }
}
