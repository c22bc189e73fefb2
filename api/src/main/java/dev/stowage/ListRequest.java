package dev.stowage;

import java.util.Objects;

/** Which objects to list: a key prefix, where to resume, and how many per page (1-1000). */
public record ListRequest(String prefix, String cursor, int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 1000;
  public static final int MAX_PAGE_SIZE = 1000;

  public ListRequest {
    prefix = prefix == null ? "" : prefix;
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "pageSize must be 1.." + MAX_PAGE_SIZE + ", was " + pageSize);
    }
  }

  public static ListRequest prefix(String prefix) {
    return new ListRequest(prefix, null, DEFAULT_PAGE_SIZE);
  }

  public static ListRequest all() {
    return prefix("");
  }

  public ListRequest withCursor(String cursor) {
    return new ListRequest(prefix, cursor, pageSize);
  }

  public ListRequest withPageSize(int pageSize) {
    return new ListRequest(prefix, cursor, pageSize);
  }

  @Override
  public String toString() {
    return "ListRequest[prefix=" + Objects.toString(prefix) + ", pageSize=" + pageSize + "]";
  }
}
