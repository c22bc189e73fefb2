package dev.stowage.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What the host gives a driver besides its config. The clock is the only source of "now" a driver
 * may use (for signing and expiry checks), so tests can move time.
 */
public record DriverContext(Clock clock) {

  public DriverContext {
    Objects.requireNonNull(clock, "clock");
  }

  /** The system clock in UTC. */
  public static DriverContext create() {
    return new DriverContext(Clock.systemUTC());
  }
}
