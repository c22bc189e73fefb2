package dev.stowage;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Walks pages lazily: the next page is fetched only when the current one is used up. */
final class PageIterator<T> implements Iterator<T> {

  private final Function<String, Page<T>> fetch;
  private Iterator<T> current;
  private String cursor;
  private boolean finished;

  private PageIterator(Function<String, Page<T>> fetch) {
    this.fetch = fetch;
  }

  /** A sequential stream over every item; {@code fetch} maps a cursor (null first) to a page. */
  public static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new PageIterator<>(fetch), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      if (finished) {
        return false;
      }
      Page<T> page = fetch.apply(cursor);
      current = page.items().iterator();
      cursor = page.nextCursor().orElse(null);
      finished = cursor == null;
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
