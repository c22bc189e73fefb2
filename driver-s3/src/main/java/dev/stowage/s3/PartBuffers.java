package dev.stowage.s3;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory budget of one upload: at most {@code count} buffers of {@code size} bytes exist at
 * once. {@link #take()} blocks until one is given back, which is what holds an upload to {@code
 * partsInFlight × partSize} bytes however fast it reads and however slowly parts go up. Buffers are
 * reused rather than left to the garbage collector.
 */
final class PartBuffers {

  private final int size;
  private final Semaphore permits;
  private final Deque<byte[]> free = new ArrayDeque<>();
  private final AtomicLong peakTracker;
  private int outstanding;

  /**
   * @param peakTracker raised to the most bytes this budget ever had out at once, if more than it
   *     holds (for tests and metrics)
   */
  PartBuffers(int size, int count, AtomicLong peakTracker) {
    this.size = size;
    this.permits = new Semaphore(count);
    this.peakTracker = peakTracker;
  }

  int size() {
    return size;
  }

  /** A buffer of {@link #size()} bytes, waiting while the whole budget is out. */
  byte[] take() throws InterruptedException {
    permits.acquire();
    synchronized (this) {
      outstanding++;
      long bytes = (long) outstanding * size;
      peakTracker.accumulateAndGet(bytes, Math::max);
      byte[] reused = free.poll();
      return reused != null ? reused : new byte[size];
    }
  }

  /** Gives a buffer back; call it exactly once per {@link #take()}. */
  void give(byte[] buffer) {
    synchronized (this) {
      outstanding--;
      free.push(buffer);
    }
    permits.release();
  }
}
