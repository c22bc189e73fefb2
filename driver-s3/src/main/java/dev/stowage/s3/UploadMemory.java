package dev.stowage.s3;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The memory budget of one store's uploads, in bytes: every part buffer and every single PUT's body
 * is taken from it and given back, so concurrent uploads together never hold more than {@code
 * uploadMemory}. Whoever waits for bytes holds none it could be waiting for (a part's buffer goes
 * to the executor, which gives it back; an upload that needs several buffers at once takes them in
 * one step), so waiting never deadlocks. Waiters are served in order of arrival: a request for a
 * whole single PUT is not overtaken forever by a stream of part-sized ones.
 */
final class UploadMemory {

  private final long limit;
  private final Deque<Thread> waiting = new ArrayDeque<>();
  private long used;
  private long peak;

  UploadMemory(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  /** Takes {@code bytes} (at most the limit), waiting until they are free. */
  synchronized void take(long bytes) throws InterruptedException {
    if (bytes > limit) {
      throw new IllegalArgumentException(bytes + " bytes is more than the budget of " + limit);
    }
    Thread me = Thread.currentThread();
    waiting.addLast(me);
    try {
      while (waiting.peekFirst() != me || used + bytes > limit) {
        wait();
      }
    } finally {
      // Served or interrupted, this thread leaves the line; the next one may be served now.
      waiting.remove(me);
      notifyAll();
    }
    used += bytes;
    peak = Math.max(peak, used);
  }

  synchronized void give(long bytes) {
    used -= bytes;
    notifyAll();
  }

  /** The most bytes taken at once so far (for tests and metrics). */
  synchronized long peak() {
    return peak;
  }
}
