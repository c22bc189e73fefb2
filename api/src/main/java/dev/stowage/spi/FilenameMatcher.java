package dev.stowage.spi;

import dev.stowage.Keys;
import dev.stowage.SearchRequest;
import java.util.Locale;

/**
 * Matches a key's file name (after the last '/') against a {@link SearchRequest}'s pattern. Built
 * once per search; {@link #matches} allocates nothing. Globs match in time bounded by name length ×
 * pattern length (see {@link Glob}): one search scans up to 10,000 names, and no pattern may pin a
 * core the way {@code *a*a*a*a*b} does a regular expression engine.
 */
public final class FilenameMatcher {

  private final String needle;
  private final Glob glob;
  private final boolean caseSensitive;

  private FilenameMatcher(String needle, Glob glob, boolean caseSensitive) {
    this.needle = needle;
    this.glob = glob;
    this.caseSensitive = caseSensitive;
  }

  /**
   * The matcher for a search; {@code INVALID_ARGUMENT} for a glob with an unclosed {@code [} or a
   * reversed range such as {@code [z-a]}.
   */
  public static FilenameMatcher of(SearchRequest request) {
    if (request.mode() == SearchRequest.Mode.GLOB) {
      return new FilenameMatcher(
          null, Glob.compile(request.pattern(), request.caseSensitive()), true);
    }
    String needle =
        request.caseSensitive() ? request.pattern() : request.pattern().toLowerCase(Locale.ROOT);
    return new FilenameMatcher(needle, null, request.caseSensitive());
  }

  public boolean matches(String key) {
    String name = Keys.filename(key);
    if (glob != null) {
      return glob.matches(name);
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
}
