package dev.stowage.s3;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads one store's multipart uploads send their parts on, and its parallel downloads fetch
 * their ranges on: as many as upload part buffers fit the store's upload memory (more could only
 * wait for memory) or one download's parts in flight, whichever is more, started when needed, gone
 * after a while idle, and all stopped when the store closes. Daemon threads: a store left open does
 * not keep the JVM alive.
 */
final class PartThreads implements Executor, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PartThreads.class);
  private static final AtomicInteger STORES = new AtomicInteger();
  private static final long IDLE_SECONDS = 30;
  private static final long CLOSE_SECONDS = 10;

  private final String namePrefix;
  private final ThreadPoolExecutor pool;

  PartThreads(S3Settings settings) {
    int threads = threads(settings);
    this.namePrefix = "stowage-s3-parts-" + STORES.incrementAndGet() + "-";
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, namePrefix + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * As many threads as upload part buffers fit the store's upload memory, or as one download's
   * parts in flight if more; at most {@link S3Settings#MAX_PARTS_IN_FLIGHT}.
   */
  static int threads(S3Settings settings) {
    long uploads = Math.max(1, settings.uploadMemory() / settings.partSize());
    long downloads = settings.downloads().partsInFlight();
    return (int) Math.min(S3Settings.MAX_PARTS_IN_FLIGHT, Math.max(uploads, downloads));
  }

  /** What this store's part threads are called, followed by a number. */
  String namePrefix() {
    return namePrefix;
  }

  @Override
  public void execute(Runnable part) {
    pool.execute(part);
  }

  /** A part that can be told it will never run (its store closed before a thread took it). */
  interface Part extends Runnable {
    /** Gives back what the part holds and fails its result, if it has not started. */
    void dropUnstarted();
  }

  /** Whether the store closed: an upload failing now failed because of that. */
  boolean closed() {
    return pool.isShutdown();
  }

  /**
   * Stops the threads, interrupting parts still in flight, and waits (briefly) for them. Parts
   * still queued are dropped: their buffers go back and their uploads fail at once instead of
   * waiting for a result no thread will produce.
   */
  @Override
  public void close() {
    for (Runnable queued : pool.shutdownNow()) {
      if (queued instanceof Part part) {
        part.dropUnstarted();
      }
    }
    try {
      if (!pool.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS)) {
        log.warn("Upload threads of a closed S3 store still ran after {} s", CLOSE_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
