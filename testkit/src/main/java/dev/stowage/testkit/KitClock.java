package dev.stowage.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset the kit sets. Time keeps flowing, so servers that check expiry
 * with their own clock (S3Proxy, MinIO) agree with it; moving the offset lets the kit presign "in
 * the past" and get an expired URL without sleeping.
 */
final class KitClock extends Clock {

  private final AtomicReference<Duration> offset;
  private final ZoneId zone;

  KitClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private KitClock(AtomicReference<Duration> offset, ZoneId zone) {
    this.offset = offset;
    this.zone = zone;
  }

  void setOffset(Duration offset) {
    this.offset.set(offset);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Shares the offset: a driver that re-zones the clock still sees the kit move time.
    return new KitClock(offset, zone);
  }
}
