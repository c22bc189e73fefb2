package dev.stowage;

import java.util.Objects;

/**
 * A search by file name (the part of the key after the last '/') within a key prefix. {@link
 * Mode#SUBSTRING} finds names containing the text; {@link Mode#GLOB} matches the whole name against
 * {@code *}, {@code ?} and {@code [abc]} patterns. Case-insensitive unless asked.
 */
public record SearchRequest(
    String prefix, String pattern, Mode mode, boolean caseSensitive, String cursor, int pageSize) {

  /** How {@link #pattern()} is matched. */
  public enum Mode {
    SUBSTRING,
    GLOB
  }

  public SearchRequest {
    prefix = prefix == null ? "" : prefix;
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(mode, "mode");
    if (pageSize < 1 || pageSize > ListRequest.MAX_PAGE_SIZE) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "pageSize must be 1.." + ListRequest.MAX_PAGE_SIZE + ", was " + pageSize);
    }
  }

  /** Names containing {@code text}, any case. */
  public static SearchRequest contains(String text) {
    return new SearchRequest("", text, Mode.SUBSTRING, false, null, ListRequest.DEFAULT_PAGE_SIZE);
  }

  /** Names matching a glob such as {@code *.zip} or {@code app-1.?.*}, any case. */
  public static SearchRequest glob(String glob) {
    return new SearchRequest("", glob, Mode.GLOB, false, null, ListRequest.DEFAULT_PAGE_SIZE);
  }

  public SearchRequest withPrefix(String prefix) {
    return new SearchRequest(prefix, pattern, mode, caseSensitive, cursor, pageSize);
  }

  public SearchRequest withCursor(String cursor) {
    return new SearchRequest(prefix, pattern, mode, caseSensitive, cursor, pageSize);
  }

  public SearchRequest withPageSize(int pageSize) {
    return new SearchRequest(prefix, pattern, mode, caseSensitive, cursor, pageSize);
  }

  public SearchRequest withCaseSensitive(boolean caseSensitive) {
    return new SearchRequest(prefix, pattern, mode, caseSensitive, cursor, pageSize);
  }
}
