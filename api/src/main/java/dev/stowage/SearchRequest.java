package dev.stowage;

import java.util.Objects;
import java.util.Optional;

/**
 * A search by file name (the part of the key after the last '/') within a key prefix. {@link
 * Mode#SUBSTRING} finds names containing the text; {@link Mode#GLOB} matches the whole name against
 * {@code *}, {@code ?} and {@code [abc]} patterns. Case-insensitive unless asked.
 *
 * <pre>{@code
 * store.search(SearchRequest.glob("*.zip"));
 * store.search(SearchRequest.glob("*.zip").toBuilder().prefix("releases/").caseSensitive(true).build());
 * }</pre>
 */
public final class SearchRequest {

  /** How {@link #pattern()} is matched. */
  public enum Mode {
    SUBSTRING,
    GLOB
  }

  private final String prefix;
  private final String pattern;
  private final Mode mode;
  private final boolean caseSensitive;
  private final String cursor;
  private final int pageSize;

  private SearchRequest(Builder b) {
    this.prefix = b.prefix == null ? "" : b.prefix;
    this.pattern = Objects.requireNonNull(b.pattern, "pattern");
    this.mode = Objects.requireNonNull(b.mode, "mode");
    this.caseSensitive = b.caseSensitive;
    this.cursor = b.cursor;
    this.pageSize = ListRequest.checkPageSize(b.pageSize);
  }

  /** A builder for names matching {@code pattern} the {@code mode} way, in the whole store. */
  public static Builder builder(Mode mode, String pattern) {
    return new Builder().mode(mode).pattern(pattern);
  }

  /** Names containing {@code text}, any case. */
  public static SearchRequest contains(String text) {
    return builder(Mode.SUBSTRING, text).build();
  }

  /** Names matching a glob such as {@code *.zip} or {@code app-1.?.*}, any case. */
  public static SearchRequest glob(String glob) {
    return builder(Mode.GLOB, glob).build();
  }

  public Builder toBuilder() {
    return new Builder()
        .prefix(prefix)
        .pattern(pattern)
        .mode(mode)
        .caseSensitive(caseSensitive)
        .cursor(cursor)
        .pageSize(pageSize);
  }

  public String prefix() {
    return prefix;
  }

  public String pattern() {
    return pattern;
  }

  public Mode mode() {
    return mode;
  }

  public boolean caseSensitive() {
    return caseSensitive;
  }

  /** Where to resume (a {@link Page#nextCursor()}); empty for the first page. */
  public Optional<String> cursor() {
    return Optional.ofNullable(cursor);
  }

  public int pageSize() {
    return pageSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchRequest other
        && prefix.equals(other.prefix)
        && pattern.equals(other.pattern)
        && mode == other.mode
        && caseSensitive == other.caseSensitive
        && Objects.equals(cursor, other.cursor)
        && pageSize == other.pageSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, pattern, mode, caseSensitive, cursor, pageSize);
  }

  @Override
  public String toString() {
    return "SearchRequest[prefix="
        + prefix
        + ", pattern="
        + pattern
        + ", mode="
        + mode
        + ", caseSensitive="
        + caseSensitive
        + ", pageSize="
        + pageSize
        + "]";
  }

  /** Builds a {@link SearchRequest}. */
  public static final class Builder {
    private String prefix;
    private String pattern;
    private Mode mode;
    private boolean caseSensitive;
    private String cursor;
    private int pageSize = ListRequest.DEFAULT_PAGE_SIZE;

    private Builder() {}

    /** Search only under this key prefix. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    public Builder pattern(String pattern) {
      this.pattern = pattern;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    public Builder caseSensitive(boolean caseSensitive) {
      this.caseSensitive = caseSensitive;
      return this;
    }

    /** Resume at this cursor (from {@link Page#nextCursor()}); null for the first page. */
    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    /** Page size, 1-1000. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(this);
    }
  }
}
