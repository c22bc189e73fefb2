package dev.stowage;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which security settings to apply (or, as a dry run, only to check). {@link #recommended()} asks
 * for everything except CORS, which needs the origins of the host's pages.
 *
 * <pre>{@code
 * store.harden(HardeningPolicy.recommended());
 * store.harden(HardeningPolicy.recommended().toBuilder().dryRun(true).build());
 * store.harden(HardeningPolicy.recommended().toBuilder().cors(List.of("https://shop.example")).build());
 * }</pre>
 */
public final class HardeningPolicy {

  /** Days after which a stale multipart upload is aborted unless a policy says otherwise. */
  public static final int DEFAULT_ABORT_INCOMPLETE_MULTIPART_AFTER_DAYS = 7;

  private final Set<HardeningSetting> settings;
  private final int abortIncompleteMultipartAfterDays;
  private final List<String> corsAllowedOrigins;
  private final boolean dryRun;

  private HardeningPolicy(Builder b) {
    this.settings = Set.copyOf(b.settings);
    this.abortIncompleteMultipartAfterDays = b.abortIncompleteMultipartAfterDays;
    this.corsAllowedOrigins = List.copyOf(b.corsAllowedOrigins);
    this.dryRun = b.dryRun;
    if (abortIncompleteMultipartAfterDays < 1) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT, "abortIncompleteMultipartAfterDays must be >= 1");
    }
    if (settings.contains(HardeningSetting.CORS_FOR_BROWSER_UPLOADS)
        && corsAllowedOrigins.isEmpty()) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT, "CORS needs at least one allowed origin");
    }
  }

  /** A builder applying these settings (stale multipart uploads aborted after 7 days). */
  public static Builder builder(Set<HardeningSetting> settings) {
    return new Builder().settings(settings);
  }

  /** Every setting but CORS; stale multipart uploads aborted after 7 days; applies changes. */
  public static HardeningPolicy recommended() {
    Set<HardeningSetting> all = EnumSet.allOf(HardeningSetting.class);
    all.remove(HardeningSetting.CORS_FOR_BROWSER_UPLOADS);
    return builder(all).build();
  }

  public Builder toBuilder() {
    return new Builder()
        .settings(settings)
        .abortIncompleteMultipartAfterDays(abortIncompleteMultipartAfterDays)
        .corsAllowedOrigins(corsAllowedOrigins)
        .dryRun(dryRun);
  }

  public Set<HardeningSetting> settings() {
    return settings;
  }

  public int abortIncompleteMultipartAfterDays() {
    return abortIncompleteMultipartAfterDays;
  }

  /** The origins browser uploads may come from; empty unless CORS is asked for. */
  public List<String> corsAllowedOrigins() {
    return corsAllowedOrigins;
  }

  /** When true, nothing is changed: the report says what applying would do. */
  public boolean dryRun() {
    return dryRun;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HardeningPolicy other
        && settings.equals(other.settings)
        && abortIncompleteMultipartAfterDays == other.abortIncompleteMultipartAfterDays
        && corsAllowedOrigins.equals(other.corsAllowedOrigins)
        && dryRun == other.dryRun;
  }

  @Override
  public int hashCode() {
    return Objects.hash(settings, abortIncompleteMultipartAfterDays, corsAllowedOrigins, dryRun);
  }

  @Override
  public String toString() {
    return "HardeningPolicy[settings="
        + settings
        + ", abortIncompleteMultipartAfterDays="
        + abortIncompleteMultipartAfterDays
        + ", corsAllowedOrigins="
        + corsAllowedOrigins
        + ", dryRun="
        + dryRun
        + "]";
  }

  /** Builds a {@link HardeningPolicy}. */
  public static final class Builder {
    private final Set<HardeningSetting> settings = EnumSet.noneOf(HardeningSetting.class);
    private int abortIncompleteMultipartAfterDays = DEFAULT_ABORT_INCOMPLETE_MULTIPART_AFTER_DAYS;
    private List<String> corsAllowedOrigins = List.of();
    private boolean dryRun;

    private Builder() {}

    /** Exactly these settings. */
    public Builder settings(Set<HardeningSetting> settings) {
      this.settings.clear();
      this.settings.addAll(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /** Also CORS for browser uploads from these origins. */
    public Builder cors(List<String> origins) {
      settings.add(HardeningSetting.CORS_FOR_BROWSER_UPLOADS);
      return corsAllowedOrigins(origins);
    }

    /** The origins CORS allows (needed when the settings include CORS). */
    public Builder corsAllowedOrigins(List<String> origins) {
      this.corsAllowedOrigins = List.copyOf(Objects.requireNonNull(origins, "origins"));
      return this;
    }

    public Builder abortIncompleteMultipartAfterDays(int days) {
      this.abortIncompleteMultipartAfterDays = days;
      return this;
    }

    /** When true, only read the current state and report what applying would do. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public HardeningPolicy build() {
      return new HardeningPolicy(this);
    }
  }
}
