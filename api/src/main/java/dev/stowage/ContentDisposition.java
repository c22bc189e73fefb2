package dev.stowage;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds RFC 6266 {@code Content-Disposition} values that every browser names correctly: an ASCII
 * {@code filename="..."} fallback plus {@code filename*=UTF-8''...} (RFC 8187) carrying the exact
 * name.
 */
public final class ContentDisposition {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" ... */
  private static final boolean[] ATTR_CHAR = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ATTR_CHAR[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
  }

  private ContentDisposition() {}

  /** {@code attachment; filename="..."; filename*=UTF-8''...}: the browser saves the file. */
  public static String attachment(String filename) {
    return build("attachment", filename);
  }

  /** {@code inline; filename=...}: the browser shows it if it can, saving under that name. */
  public static String inline(String filename) {
    return build("inline", filename);
  }

  private static String build(String type, String filename) {
    Objects.requireNonNull(filename, "filename");
    if (filename.isBlank()) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT, "download filename is blank");
    }
    String fallback = asciiFallback(filename);
    // filename* always follows: browsers that read it get the exact name, others the fallback.
    return type + "; filename=\"" + fallback + "\"; filename*=UTF-8''" + encodeRfc8187(filename);
  }

  /** Printable ASCII with quotes, backslashes and path separators replaced by '_'. */
  private static String asciiFallback(String filename) {
    StringBuilder s = new StringBuilder(filename.length());
    for (int i = 0; i < filename.length(); i++) {
      char c = filename.charAt(i);
      boolean safe = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != '%';
      if (Character.isHighSurrogate(c)) {
        i++; // one replacement per code point
      }
      s.append(safe ? c : '_');
    }
    return s.toString();
  }

  /** RFC 8187 attr-char percent-encoding of UTF-8 bytes. */
  static String encodeRfc8187(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length * 3];
    int n = 0;
    for (byte b : utf8) {
      int c = b & 0xff;
      if (c < 0x80 && ATTR_CHAR[c]) {
        out[n++] = (byte) c;
      } else {
        out[n++] = '%';
        out[n++] = HEX[c >> 4];
        out[n++] = HEX[c & 0xf];
      }
    }
    return new String(out, 0, n, StandardCharsets.US_ASCII);
  }
}
