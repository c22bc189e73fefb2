package dev.stowage;

import java.util.Objects;
import java.util.Optional;

/**
 * Which objects to list: a key prefix, where to resume, and how many per page (1-1000).
 *
 * <pre>{@code
 * store.list(ListRequest.prefix("invoices/"));
 * store.list(ListRequest.builder("invoices/").pageSize(50).cursor(page.nextCursor().orElse(null)).build());
 * }</pre>
 */
public final class ListRequest {

  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final int MAX_PAGE_SIZE = 1000;

  private final String prefix;
  private final String cursor;
  private final int pageSize;

  private ListRequest(Builder b) {
    this.prefix = b.prefix == null ? "" : b.prefix;
    this.cursor = b.cursor;
    this.pageSize = checkPageSize(b.pageSize);
  }

  static int checkPageSize(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "pageSize must be 1.." + MAX_PAGE_SIZE + ", was " + pageSize);
    }
    return pageSize;
  }

  /** A builder for a listing under {@code prefix} ("" or null for the whole store). */
  public static Builder builder(String prefix) {
    return new Builder().prefix(prefix);
  }

  /** The first page of everything under {@code prefix}. */
  public static ListRequest prefix(String prefix) {
    return builder(prefix).build();
  }

  /** The first page of the whole store. */
  public static ListRequest all() {
    return prefix("");
  }

  public Builder toBuilder() {
    return new Builder().prefix(prefix).cursor(cursor).pageSize(pageSize);
  }

  public String prefix() {
    return prefix;
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
    return o instanceof ListRequest other
        && prefix.equals(other.prefix)
        && Objects.equals(cursor, other.cursor)
        && pageSize == other.pageSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, cursor, pageSize);
  }

  @Override
  public String toString() {
    return "ListRequest[prefix=" + prefix + ", pageSize=" + pageSize + "]";
  }

  /** Builds a {@link ListRequest}. */
  public static final class Builder {
    private String prefix;
    private String cursor;
    private int pageSize = DEFAULT_PAGE_SIZE;

    private Builder() {}

    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Resume at this cursor (from {@link Page#nextCursor()}); null for the first page. */
    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    /** Objects per page, 1-1000. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public ListRequest build() {
      return new ListRequest(this);
    }
  }
}
