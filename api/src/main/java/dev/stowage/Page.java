package dev.stowage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing or search. Pass {@link #nextCursor()} back to get the next page; the cursor
 * is opaque. A search page may hold fewer items than asked (even none) while a cursor remains: it
 * stops scanning after a bounded number of keys so one call never runs unbounded.
 */
public record Page<T>(List<T> items, String cursor) {

  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  public Optional<String> nextCursor() {
    return Optional.ofNullable(cursor);
  }

  public boolean hasMore() {
    return cursor != null;
  }
}
