package dev.stowage.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Keys every driver must store and return unchanged: characters URLs, shells and file systems treat
 * specially, percent sequences that must never be decoded, non-ASCII in several forms, and keys
 * exactly as long as the driver allows.
 */
enum GoodKey {
  SPACES("spaces", "my folder/my file name.txt"),
  EVERY_RESERVED_CHARACTER(
      "every URL-reserved character",
      "+ ! * ' ( ) ~ = & $ @ : , ; ? # [ ] %/+!*'()~=&$@:,;?#[]%.txt"),
  PERCENT_DOT_DOT("a literal '%2e%2e', which is not '..'", "%2e%2e/%2E%2E/file.txt"),
  PERCENT_SLASH("a literal 'a%2Fb', which is not 'a/b'", "a%2Fb"),
  PERCENT_BEFORE_NON_HEX("'%' before characters that are not hex", "100%/50%zz off.txt"),
  PLUS("'+', which is not a space", "c++/a+b=c.txt"),
  QUERY_AND_FRAGMENT("'?', '&' and '#', which start no query or fragment", "page?x=1&y=2#top.html"),
  ACCENTED_AND_CYRILLIC("accented and Cyrillic letters", "ünïcödé/файл.zip"),
  CJK("CJK characters", "文件/資料 二.zip"),
  EMOJI("emoji outside the Basic Multilingual Plane", "emoji/😀 🎉.bin"),
  DECOMPOSED("decomposed accents (NFD), never normalised", "cafe\u0301/ne\u0301e.txt"),
  INVISIBLE("zero-width and bidirectional characters", "zero\u200Bwidth/\u202Eright\uFEFF.txt"),
  DOT_NAMES("dot names that are not '.' or '..'", ".hidden/.../..name/name.."),
  EDGE_SPACES("leading and trailing spaces in segments", " lead/trail / both .txt"),
  LONGEST_ASCII("the longest key allowed, in ASCII segments of at most 200 bytes", null),
  LONGEST_MULTIBYTE("the longest key allowed, in multi-byte segments of at most 200 bytes", null);

  private static final int MAX_SEGMENT_BYTES = 200;

  private final String description;
  private final String name;

  GoodKey(String description, String name) {
    this.description = description;
    this.name = name;
  }

  /** The key under {@code base} (which ends in '/'), filled to {@code maxKeyBytes} if longest. */
  String key(String base, int maxKeyBytes) {
    return switch (this) {
      case LONGEST_ASCII -> fill(base, maxKeyBytes, "k");
      case LONGEST_MULTIBYTE -> fill(base, maxKeyBytes, "é€");
      default -> base + name;
    };
  }

  @Override
  public String toString() {
    return description;
  }

  /** {@code base} plus segments of {@code unit} (padded with 'x') to exactly {@code maxBytes}. */
  static String fill(String base, int maxBytes, String unit) {
    StringBuilder key = new StringBuilder(base);
    int bytes = utf8Length(base);
    while (maxBytes - bytes > MAX_SEGMENT_BYTES) {
      // Leave at least two bytes after the slash for a final non-empty segment.
      int segment = Math.min(MAX_SEGMENT_BYTES, maxBytes - bytes - 2);
      key.append(segment(unit, segment)).append('/');
      bytes += segment + 1;
    }
    return key.append(segment(unit, maxBytes - bytes)).toString();
  }

  private static String segment(String unit, int bytes) {
    StringBuilder s = new StringBuilder();
    int used = 0;
    for (int i = 0; ; i = (i + 1) % unit.length()) {
      String c = unit.substring(i, i + 1);
      int n = utf8Length(c);
      if (used + n > bytes) {
        break;
      }
      s.append(c);
      used += n;
    }
    return s.append("x".repeat(bytes - used)).toString();
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
