package dev.stowage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing or search. Pass {@link #nextCursor()} back to get the next page; the cursor
 * is opaque. A search page may hold fewer items than asked (even none) while a cursor remains: it
 * stops scanning after a bounded number of keys so one call never runs unbounded.
 */
public final class Page<T> {

  private final List<T> items;
  private final String nextCursor;

  private Page(List<T> items, String nextCursor) {
    this.items = List.copyOf(Objects.requireNonNull(items, "items"));
    this.nextCursor = nextCursor;
  }

  /**
   * A page of {@code items}, followed by the page at {@code nextCursor} (null on the last page).
   */
  public static <T> Page<T> of(List<T> items, String nextCursor) {
    return new Page<>(items, nextCursor);
  }

  /**
   * Every item of a paged listing as a lazy, sequential stream: {@code fetch} maps a cursor ({@code
   * null} for the first page) to a page, and is called only when the items so far are used up.
   */
  public static <T> java.util.stream.Stream<T> streamAll(
      java.util.function.Function<String, Page<T>> fetch) {
    return PageIterator.stream(fetch);
  }

  public List<T> items() {
    return items;
  }

  /** The cursor of the next page; empty on the last page. */
  public Optional<String> nextCursor() {
    return Optional.ofNullable(nextCursor);
  }

  public boolean hasMore() {
    return nextCursor != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Page<?> other
        && items.equals(other.items)
        && Objects.equals(nextCursor, other.nextCursor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, nextCursor);
  }

  @Override
  public String toString() {
    // The cursor is opaque and may be long; whether there is one is what a reader needs.
    return "Page[items=" + items + ", hasMore=" + hasMore() + "]";
  }
}
