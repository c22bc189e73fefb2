package dev.stowage.local;

/**
 * The order S3 lists keys in: by their UTF-8 bytes, which is the order of Unicode code points.
 * {@link String#compareTo} compares UTF-16 units instead and puts an emoji (a surrogate pair)
 * before characters U+E000 to U+FFFF, which UTF-8 sorts after it.
 */
final class KeyOrder {

  private KeyOrder() {}

  /** Compares two strings by code point, the way their UTF-8 bytes compare. */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return compareUnits(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * Compares two differing UTF-16 units of strings that agree up to them. Surrogates stand for code
   * points above U+FFFF, so they are moved above U+E000..U+FFFF before comparing (the usual
   * code-point-order fix-up); two units of one pair compare correctly among themselves.
   */
  static int compareUnits(char x, char y) {
    return Integer.compare(fixup(x), fixup(y));
  }

  private static int fixup(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** The length of {@code s} in UTF-8, without encoding it. */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
