package dev.stowage.s3.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock tests move: by hand with {@link #advance}, and optionally by a fixed step on every
 * read (to catch code that reads the clock twice). Safe to read from many threads.
 */
public final class ManualClock extends Clock {

  private final AtomicLong millis;
  private final long stepPerRead;

  public ManualClock(Instant start) {
    this(start, 0);
  }

  public ManualClock(Instant start, long stepPerReadMillis) {
    this.millis = new AtomicLong(start.toEpochMilli());
    this.stepPerRead = stepPerReadMillis;
  }

  public void advance(long byMillis) {
    millis.addAndGet(byMillis);
  }

  /** Where the clock stands, without moving it. */
  public long peekMillis() {
    return millis.get();
  }

  @Override
  public long millis() {
    return millis.addAndGet(stepPerRead);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
