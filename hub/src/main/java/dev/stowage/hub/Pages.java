package dev.stowage.hub;

import dev.stowage.Page;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A lazy stream over pages: the next page is fetched only when the current one is used up. */
final class Pages {

  private Pages() {}

  static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
    Iterator<T> items =
        new Iterator<>() {
          private Iterator<T> current;
          private String cursor;
          private boolean finished;

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
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
