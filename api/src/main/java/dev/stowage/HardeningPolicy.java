package dev.stowage;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which security settings to apply (or, as a dry run, only to check). {@link #recommended()} asks
 * for everything except CORS, which needs the origins of the host's pages.
 */
public record HardeningPolicy(
    Set<HardeningSetting> settings,
    int abortIncompleteMultipartAfterDays,
    List<String> corsAllowedOrigins,
    boolean dryRun) {

  public HardeningPolicy {
    settings = Set.copyOf(Objects.requireNonNull(settings, "settings"));
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins == null ? List.of() : corsAllowedOrigins);
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

  /** Every setting but CORS; stale multipart uploads aborted after 7 days; applies changes. */
  public static HardeningPolicy recommended() {
    Set<HardeningSetting> all = EnumSet.allOf(HardeningSetting.class);
    all.remove(HardeningSetting.CORS_FOR_BROWSER_UPLOADS);
    return new HardeningPolicy(all, 7, List.of(), false);
  }

  /** The same policy, only reading the current state. */
  public HardeningPolicy asDryRun() {
    return new HardeningPolicy(
        settings, abortIncompleteMultipartAfterDays, corsAllowedOrigins, true);
  }

  /** The same policy plus CORS for browser uploads from these origins. */
  public HardeningPolicy withCors(List<String> origins) {
    Set<HardeningSetting> s = EnumSet.noneOf(HardeningSetting.class);
    s.addAll(settings);
    s.add(HardeningSetting.CORS_FOR_BROWSER_UPLOADS);
    return new HardeningPolicy(s, abortIncompleteMultipartAfterDays, origins, dryRun);
  }

  public HardeningPolicy withAbortIncompleteMultipartAfterDays(int days) {
    return new HardeningPolicy(settings, days, corsAllowedOrigins, dryRun);
  }
}
