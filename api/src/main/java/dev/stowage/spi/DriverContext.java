package dev.stowage.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What the host gives a driver besides its config. The clock is the only source of "now" a driver
 * may use (for signing and expiry checks), so tests can move time. The endpoint policy says which
 * network addresses a driver may connect to ({@link EndpointPolicy#strict()} unless the host says
 * otherwise), and {@code hostCredentialsAllowed} whether a connection may use this server's own
 * cloud identity (the AWS default chain: environment, instance or task role): the host decides
 * both, not the settings a user fills in.
 */
public record DriverContext(
    Clock clock, EndpointPolicy endpointPolicy, boolean hostCredentialsAllowed) {

  public DriverContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(endpointPolicy, "endpointPolicy");
  }

  /** A context with this clock, the strict endpoint policy and no host credentials. */
  public DriverContext(Clock clock) {
    this(clock, EndpointPolicy.strict(), false);
  }

  /** The system clock in UTC and the strict endpoint policy. */
  public static DriverContext create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .clock(clock)
        .endpointPolicy(endpointPolicy)
        .allowHostCredentials(hostCredentialsAllowed);
  }

  /** Builds a {@link DriverContext}; unset values take the defaults of {@link #create()}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private EndpointPolicy endpointPolicy = EndpointPolicy.strict();
    private boolean hostCredentials;

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Which addresses drivers may connect to, e.g. {@link EndpointPolicy#allowLoopback()}. */
    public Builder endpointPolicy(EndpointPolicy endpointPolicy) {
      this.endpointPolicy = Objects.requireNonNull(endpointPolicy, "endpointPolicy");
      return this;
    }

    /**
     * Whether connections may use this server's own cloud identity ({@code
     * credentials=default-chain} on S3 and R2). Off by default: whoever fills in a settings form
     * must not be able to borrow the host's instance role.
     */
    public Builder allowHostCredentials(boolean allowed) {
      this.hostCredentials = allowed;
      return this;
    }

    public DriverContext build() {
      return new DriverContext(clock, endpointPolicy, hostCredentials);
    }
  }
}
