package dev.stowage.testkit;

/**
 * Keys Stowage never creates: every driver must refuse to write them with {@code INVALID_KEY}
 * before anything reaches the backend (the ones that climb out of a directory, name no file, or
 * smuggle control characters into logs, headers and file names). Most of them can still name an
 * object another tool wrote ({@link #couldExist()}): reading or deleting one must then be refused
 * with {@code INVALID_KEY} or answered as for a missing key, never change anything else.
 */
enum BadKey {
  EMPTY("the empty key", ""),
  DOT("'.'", "."),
  DOT_DOT("'..'", ".."),
  CLIMBS_OUT("'a/../../b', which climbs out of the root", "a/../../b"),
  LEADING_DOT_SEGMENT("'./a'", "./a"),
  INNER_DOT_SEGMENT("'a/./b'", "a/./b"),
  TRAILING_DOT_DOT_SEGMENT("'a/..'", "a/.."),
  LEADING_SLASH("'/a', with a leading slash", "/a"),
  EMPTY_SEGMENT("'a//b', with an empty segment", "a//b"),
  TRAILING_SLASH("'a/', with a trailing slash", "a/"),
  BACKSLASH("'a\\b', with a backslash", "a\\b"),
  BACKSLASH_CLIMB("'..\\a', a Windows-style climb", "..\\a"),
  NUL("a NUL character", "a\u0000b"),
  LINE_FEED("a line feed", "a\nb"),
  CARRIAGE_RETURN("a carriage return", "a\rb"),
  TAB("a tab", "a\tb"),
  DEL("DEL (U+007F)", "a\u007Fb"),
  C0_START_OF_HEADING("the C0 control U+0001", "a\u0001b"),
  C0_ESCAPE("ESC (U+001B), a terminal escape", "a\u001B[31mb"),
  C1_FIRST("the C1 control U+0080", "a\u0080b"),
  C1_NEXT_LINE("NEL (U+0085), a C1 line break", "a\u0085b"),
  C1_LAST("the C1 control U+009F", "a\u009Fb"),
  TOO_LONG_ASCII("1025 ASCII bytes", "k".repeat(1025)),
  TOO_LONG_MULTIBYTE("1025 UTF-8 bytes in only 342 characters", "€".repeat(341) + "é"),
  LONE_HIGH_SURROGATE("a lone high surrogate", "a\uD800b"),
  LONE_LOW_SURROGATE("a lone low surrogate", "a\uDC00b"),
  SWAPPED_SURROGATES("a surrogate pair in the wrong order", "a\uDE00\uD83Db");

  final String key;
  private final String description;

  /** Whether a provider could hold an object of this key (see {@link dev.stowage.Keys}). */
  boolean couldExist() {
    return dev.stowage.Keys.isValidExisting(key);
  }

  BadKey(String description, String key) {
    this.description = description;
    this.key = key;
  }

  @Override
  public String toString() {
    return description;
  }
}
