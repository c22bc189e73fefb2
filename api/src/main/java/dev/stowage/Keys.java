package dev.stowage;

/**
 * The key rules every driver shares. Two rules, because Stowage is not the only writer of a bucket:
 *
 * <ul>
 *   <li><b>Keys Stowage creates</b> (uploads, presigned PUT, browser POST) follow the strict rule
 *       ({@link #requireValid}): UTF-8, 1 to 1024 bytes; no NUL or other control characters; no
 *       empty, {@code .} or {@code ..} segment; no leading {@code /}; no backslash. Such a key
 *       means the same object on every driver.
 *   <li><b>Keys that already exist</b> (read, stat, delete, presigned GET/HEAD/DELETE, list and
 *       search cursors and prefixes) follow the existing-key rule ({@link #requireExisting}): any
 *       key a provider could have stored, written by another tool (a console folder marker {@code
 *       photos/}, {@code a//b}, a control character): 1 to 1024 bytes of UTF-8, no NUL. A driver
 *       refuses one it cannot hold with {@code INVALID_KEY}; the local driver never lets one leave
 *       its root ({@code ..} segments stay refused there).
 * </ul>
 *
 * Everything else, spaces, punctuation, percent signs and non-ASCII included, is a literal
 * character that round-trips unchanged.
 */
public final class Keys {

  /** The longest key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  private Keys() {}

  /** Returns the key unchanged, or throws {@code INVALID_KEY} saying which rule it breaks. */
  public static String requireValid(String key) {
    String problem = problem(key);
    if (problem != null) {
      throw StorageException.builder(StorageException.Code.INVALID_KEY, "Invalid key: " + problem)
          .key(key == null ? null : printable(key))
          .build();
    }
    return key;
  }

  public static boolean isValid(String key) {
    return problem(key) == null;
  }

  /**
   * Returns the key unchanged when an existing object could have it (see the class comment), or
   * throws {@code INVALID_KEY} saying why it cannot.
   */
  public static String requireExisting(String key) {
    String problem = existingProblem(key);
    if (problem != null) {
      throw StorageException.builder(StorageException.Code.INVALID_KEY, "Invalid key: " + problem)
          .key(key == null ? null : printable(key))
          .build();
    }
    return key;
  }

  public static boolean isValidExisting(String key) {
    return existingProblem(key) == null;
  }

  /**
   * Why no provider can hold the key, or null when one could: it is empty, has a NUL, is not valid
   * UTF-16 (so has no UTF-8 form), or is over {@value #MAX_KEY_BYTES} bytes.
   */
  public static String existingProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == 0) {
        return "the key contains a NUL character at index " + i;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 >= key.length()
            || !Character.isLowSurrogate(key.charAt(i + 1))) {
          return "the key is not valid UTF-16 (lone surrogate at index " + i + ")";
        }
        i++;
      }
    }
    int bytes = utf8Length(key);
    if (bytes > MAX_KEY_BYTES) {
      return "the key is " + bytes + " bytes in UTF-8; the limit is " + MAX_KEY_BYTES;
    }
    return null;
  }

  /** Why the key is invalid, or null if it is valid. */
  public static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    if (key.charAt(0) == '/') {
      return "the key starts with '/'";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        return "the key contains a backslash at index " + i;
      }
      if (Character.isISOControl(c)) {
        return "the key contains control character U+" + String.format("%04X", (int) c);
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < key.length()
                && Character.isLowSurrogate(key.charAt(i + 1));
        if (!paired) {
          return "the key is not valid UTF-16 (lone surrogate at index " + i + ")";
        }
        i++;
      }
    }
    int bytes = utf8Length(key);
    if (bytes > MAX_KEY_BYTES) {
      return "the key is " + bytes + " bytes in UTF-8; the limit is " + MAX_KEY_BYTES;
    }
    return pathProblem(key);
  }

  /**
   * Why a non-empty key cannot stand for a path of folders and a file, or null: a leading '/', an
   * empty segment ({@code a//b}) or a trailing '/', a '.' or '..' segment. Part of the strict rule;
   * drivers that keep keys as file paths apply it to keys other tools wrote, too.
   */
  public static String pathProblem(String key) {
    if (key.charAt(0) == '/') {
      return "the key starts with '/'";
    }
    int start = 0;
    while (true) {
      int slash = key.indexOf('/', start);
      int end = slash < 0 ? key.length() : slash;
      int length = end - start;
      if (length == 0) {
        return slash >= 0 ? "the key has an empty segment ('//')" : "the key ends with '/'";
      }
      if (key.charAt(start) == '.'
          && (length == 1 || (length == 2 && key.charAt(start + 1) == '.'))) {
        return "the key has a '" + key.substring(start, end) + "' segment";
      }
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
  }

  /**
   * Compares two keys the way S3 lists them: by their UTF-8 bytes, which is the order of Unicode
   * code points. {@link String#compareTo} compares UTF-16 units instead and puts an emoji (a
   * surrogate pair) before characters U+E000 to U+FFFF, which UTF-8 sorts after it.
   */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return compareUtf8Units(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * Compares two differing UTF-16 units of strings that agree up to them. Surrogates stand for code
   * points above U+FFFF, so they are moved above U+E000..U+FFFF before comparing (the usual
   * code-point-order fix-up); two units of one pair compare correctly among themselves.
   */
  public static int compareUtf8Units(char x, char y) {
    return Integer.compare(utf8OrderOf(x), utf8OrderOf(y));
  }

  private static int utf8OrderOf(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** The length of {@code s} in UTF-8, without encoding it (a lone surrogate counts 3, as '?'). */
  public static int utf8Length(String s) {
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

  /**
   * Returns the prefix unchanged, or throws {@code INVALID_KEY}: a list or search prefix is empty
   * or the start of some existing key (so {@code "a//"} lists what other tools stored there; a NUL
   * or a prefix over the key limit is refused).
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    String problem = existingProblem(prefix);
    if (problem != null) {
      throw StorageException.builder(
              StorageException.Code.INVALID_KEY,
              "Invalid prefix: " + problem.replace("key", "prefix"))
          .key(printable(prefix))
          .build();
    }
    return prefix;
  }

  /** The part after the last '/': what a user calls the file name. */
  public static String filename(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The key with control characters escaped and cut at 200 characters, for messages and logs. */
  public static String printable(String key) {
    StringBuilder s = new StringBuilder(Math.min(key.length(), 200));
    for (int i = 0; i < key.length() && s.length() < 200; i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return key.length() > 200 ? s + "..." : s.toString();
  }
}
