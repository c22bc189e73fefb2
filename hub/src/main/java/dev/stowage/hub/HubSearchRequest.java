package dev.stowage.hub;

import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import java.util.Objects;
import java.util.Optional;

/**
 * A search by file name over one connection or all of them: the match (a {@link SearchRequest}:
 * prefix, pattern, mode, case, page size — without a cursor of its own), the connection, and the
 * hub's cursor.
 *
 * <pre>{@code
 * hub.search(HubSearchRequest.of(SearchRequest.glob("*.zip")));
 * }</pre>
 */
public final class HubSearchRequest {

  private final SearchRequest match;
  private final String connectionId;
  private final String cursor;

  private HubSearchRequest(Builder b) {
    this.match = Objects.requireNonNull(b.match, "match");
    if (match.cursor().isPresent()) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "Give the hub's cursor to HubSearchRequest.Builder.cursor, not to the SearchRequest");
    }
    this.connectionId = b.connectionId;
    this.cursor = b.cursor;
  }

  public static Builder builder(SearchRequest match) {
    return new Builder().match(match);
  }

  /** The first page of matches over every connection. */
  public static HubSearchRequest of(SearchRequest match) {
    return builder(match).build();
  }

  public Builder toBuilder() {
    return new Builder().match(match).connection(connectionId).cursor(cursor);
  }

  public SearchRequest match() {
    return match;
  }

  /** The connection to search; empty for all of them. */
  public Optional<String> connectionId() {
    return Optional.ofNullable(connectionId);
  }

  public Optional<String> cursor() {
    return Optional.ofNullable(cursor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubSearchRequest other
        && match.equals(other.match)
        && Objects.equals(connectionId, other.connectionId)
        && Objects.equals(cursor, other.cursor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(match, connectionId, cursor);
  }

  @Override
  public String toString() {
    return "HubSearchRequest[connection="
        + (connectionId == null ? "all" : connectionId)
        + ", match="
        + match
        + "]";
  }

  /** Builds a {@link HubSearchRequest}. */
  public static final class Builder {
    private SearchRequest match;
    private String connectionId;
    private String cursor;

    private Builder() {}

    public Builder match(SearchRequest match) {
      this.match = match;
      return this;
    }

    /** One connection; null for all of them. */
    public Builder connection(String connectionId) {
      this.connectionId = connectionId;
      return this;
    }

    /** A page's next cursor; null for the first page. */
    public Builder cursor(String cursor) {
      this.cursor = cursor;
      return this;
    }

    public HubSearchRequest build() {
      return new HubSearchRequest(this);
    }
  }
}
