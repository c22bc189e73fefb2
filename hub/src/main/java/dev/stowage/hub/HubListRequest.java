package dev.stowage.hub;

import dev.stowage.ListRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Which files a hub lists: those of one connection or of all of them (in connection id order),
 * under a key prefix, one page of at most {@code pageSize} entries after a cursor.
 *
 * <pre>{@code
 * hub.list(HubListRequest.all());
 * hub.list(HubListRequest.connection("s3-main").toBuilder().prefix("products/").build());
 * }</pre>
 */
public final class HubListRequest {

  private final String connectionId;
  private final String prefix;
  private final String cursor;
  private final int pageSize;

  private HubListRequest(Builder b) {
    this.connectionId = b.connectionId;
    this.prefix = b.prefix == null ? "" : b.prefix;
    this.cursor = b.cursor;
    // The same bounds as a store's listing.
    this.pageSize = ListRequest.builder("").pageSize(b.pageSize).build().pageSize();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first page over every connection. */
  public static HubListRequest all() {
    return builder().build();
  }

  /** The first page of one connection. */
  public static HubListRequest connection(String connectionId) {
    return builder().connection(connectionId).build();
  }

  public Builder toBuilder() {
    return new Builder().connection(connectionId).prefix(prefix).cursor(cursor).pageSize(pageSize);
  }

  /** The connection to list; empty for all of them. */
  public Optional<String> connectionId() {
    return Optional.ofNullable(connectionId);
  }

  public String prefix() {
    return prefix;
  }

  /** Where to resume (a page's next cursor); empty for the first page. */
  public Optional<String> cursor() {
    return Optional.ofNullable(cursor);
  }

  public int pageSize() {
    return pageSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubListRequest other
        && Objects.equals(connectionId, other.connectionId)
        && prefix.equals(other.prefix)
        && Objects.equals(cursor, other.cursor)
        && pageSize == other.pageSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(connectionId, prefix, cursor, pageSize);
  }

  @Override
  public String toString() {
    return "HubListRequest[connection="
        + (connectionId == null ? "all" : connectionId)
        + ", prefix="
        + prefix
        + ", pageSize="
        + pageSize
        + "]";
  }

  /** Builds a {@link HubListRequest}. */
  public static final class Builder {
    private String connectionId;
    private String prefix;
    private String cursor;
    private int pageSize = ListRequest.DEFAULT_PAGE_SIZE;

    private Builder() {}

    /** One connection; null for all of them. */
    public Builder connection(String connectionId) {
      this.connectionId = connectionId;
      return this;
    }

    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** A page's next cursor; null for the first page. */
    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    /** Entries per page, 1-1000. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public HubListRequest build() {
      return new HubListRequest(this);
    }
  }
}
