package dev.stowage;

/**
 * The one key rule every driver shares: UTF-8, 1 to 1024 bytes; no NUL or other control characters;
 * no empty, {@code .} or {@code ..} segment; no leading {@code /}; no backslash. Everything else,
 * spaces, punctuation, percent signs and non-ASCII included, is a literal character that
 * round-trips unchanged.
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

  /** Why the key is invalid, or null if it is valid. */
  public static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    if (key.charAt(0) == '/') {
      return "the key starts with '/'";
    }
    // One pass over the characters, counting UTF-8 bytes as it goes: every operation checks its
    // key, so this avoids encoding the key and cutting it into segment strings just to look.
    int bytes = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        if (c == '\\') {
          return "the key contains a backslash at index " + i;
        }
        if (c < 0x20 || c == 0x7f) {
          return "the key contains control character U+" + String.format("%04X", (int) c);
        }
        bytes += 1;
      } else if (Character.isISOControl(c)) {
        return "the key contains control character U+" + String.format("%04X", (int) c);
      } else if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < key.length()
                && Character.isLowSurrogate(key.charAt(i + 1));
        if (!paired) {
          return "the key is not valid UTF-16 (lone surrogate at index " + i + ")";
        }
        i++;
        bytes += 4;
      } else {
        bytes += c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > MAX_KEY_BYTES) {
      return "the key is " + bytes + " bytes in UTF-8; the limit is " + MAX_KEY_BYTES;
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
   * Returns the prefix unchanged, or throws {@code INVALID_KEY}: a list or search prefix is empty
   * or the start of some valid key (so {@code "../"} and {@code "a//"} are refused).
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    String problem = problem(prefix + "x");
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
