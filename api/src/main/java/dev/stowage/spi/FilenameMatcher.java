package dev.stowage.spi;

import dev.stowage.Keys;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matches a key's file name (after the last '/') against a {@link SearchRequest}'s pattern. Built
 * once per search; {@link #matches} allocates nothing for substring searches.
 */
public final class FilenameMatcher {

  private final String needle;
  private final Pattern glob;
  private final boolean caseSensitive;

  private FilenameMatcher(String needle, Pattern glob, boolean caseSensitive) {
    this.needle = needle;
    this.glob = glob;
    this.caseSensitive = caseSensitive;
  }

  public static FilenameMatcher of(SearchRequest request) {
    if (request.mode() == SearchRequest.Mode.GLOB) {
      int flags = request.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      try {
        return new FilenameMatcher(
            null, Pattern.compile(globToRegex(request.pattern()), flags), true);
      } catch (PatternSyntaxException e) {
        // e.g. "[z-a]" or "[!]": well-formed brackets around a reversed or empty class.
        throw StorageException.of(
            StorageException.Code.INVALID_ARGUMENT,
            "Glob '" + request.pattern() + "' is not valid: " + e.getDescription());
      }
    }
    String needle =
        request.caseSensitive() ? request.pattern() : request.pattern().toLowerCase(Locale.ROOT);
    return new FilenameMatcher(needle, null, request.caseSensitive());
  }

  public boolean matches(String key) {
    String name = Keys.filename(key);
    if (glob != null) {
      return glob.matcher(name).matches();
    }
    if (caseSensitive) {
      return name.contains(needle);
    }
    return containsIgnoreCase(name, needle);
  }

  private static boolean containsIgnoreCase(String haystack, String lowerNeedle) {
    int n = lowerNeedle.length();
    for (int i = 0; i + n <= haystack.length(); i++) {
      if (haystack.regionMatches(true, i, lowerNeedle, 0, n)) {
        return true;
      }
    }
    return n == 0;
  }

  /** {@code *} any run, {@code ?} one character, {@code [abc]}/{@code [!abc]}/{@code [a-z]}. */
  static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            throw StorageException.of(
                StorageException.Code.INVALID_ARGUMENT,
                "Glob '" + glob + "' has a '[' without a closing ']'");
          }
          String body = glob.substring(i + 1, close);
          re.append('[');
          if (body.startsWith("!") || body.startsWith("^")) {
            re.append('^');
            body = body.substring(1);
          }
          for (char b : body.toCharArray()) {
            if (b == '\\' || b == '[' || b == ']' || b == '&' || b == '^') {
              re.append('\\');
            }
            re.append(b);
          }
          re.append(']');
          i = close;
        }
        default -> {
          if ("\\.^$|+(){}".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
    }
    return re.toString();
  }
}
