package dev.stowage.s3;

import java.util.concurrent.Semaphore;

/**
 * The part buffers of one upload: at most {@code count} buffers of {@code size} bytes at once (the
 * upload's {@code partsInFlight}), each one's bytes taken from the store's {@link UploadMemory}.
 * {@link #take()} blocks until a buffer is given back or the store's budget has room, which is what
 * holds uploads to their budget however fast they read and however slowly parts go up. A buffer
 * given back is dropped, not kept for the next part: kept, it would be memory the budget no longer
 * counts.
 */
final class PartBuffers {

  private final int size;
  private final Semaphore permits;
  private final UploadMemory memory;
  private int reserved;

  PartBuffers(int size, int count, UploadMemory memory) {
    this.size = size;
    this.permits = new Semaphore(count);
    this.memory = memory;
  }

  int size() {
    return size;
  }

  /**
   * Takes {@code n} buffers' worth of the budget in one step, for a reader that must hold them all
   * before giving any back (a stream of unknown length, read up to the multipart threshold): taken
   * one by one, two such readers could each hold half the budget and wait for the other forever.
   * The next {@code n} {@link #take()} calls use them; {@link #releaseReserve()} gives back those
   * not taken.
   */
  void reserve(int n) throws InterruptedException {
    permits.acquire(n);
    try {
      memory.take((long) n * size);
    } catch (InterruptedException e) {
      permits.release(n);
      throw e;
    }
    synchronized (this) {
      reserved += n;
    }
  }

  /** Gives back the reserved buffers not taken. */
  void releaseReserve() {
    int n;
    synchronized (this) {
      n = reserved;
      reserved = 0;
    }
    if (n > 0) {
      memory.give((long) n * size);
      permits.release(n);
    }
  }

  /**
   * A buffer of {@link #size()} bytes, waiting while this upload's or the store's budget is out.
   */
  byte[] take() throws InterruptedException {
    synchronized (this) {
      if (reserved > 0) {
        reserved--;
        return new byte[size];
      }
    }
    permits.acquire();
    try {
      memory.take(size);
    } catch (InterruptedException e) {
      permits.release();
      throw e;
    }
    return new byte[size];
  }

  /** Gives a buffer back; call it exactly once per {@link #take()}. */
  void give(byte[] buffer) {
    memory.give(size);
    permits.release();
  }
}
