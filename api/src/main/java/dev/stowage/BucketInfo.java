package dev.stowage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One bucket of the account, as {@link Buckets#list()} reports it.
 *
 * @param name the bucket's name
 * @param creationDate when it was created, or null when the provider does not say
 * @param region its region, or null when the provider does not say
 */
public record BucketInfo(String name, Instant creationDate, String region) {

  public BucketInfo {
    Objects.requireNonNull(name, "name");
  }

  public Optional<Instant> creationDateIfKnown() {
    return Optional.ofNullable(creationDate);
  }

  public Optional<String> regionIfKnown() {
    return Optional.ofNullable(region);
  }
}
