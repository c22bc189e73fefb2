package dev.stowage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One bucket of the account, as {@link Buckets#list()} reports it. */
public final class BucketInfo {

  private final String name;
  private final Instant creationDate;
  private final String region;

  private BucketInfo(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.creationDate = b.creationDate;
    this.region = b.region;
  }

  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  public Builder toBuilder() {
    return new Builder().name(name).creationDate(creationDate).region(region);
  }

  /** The bucket's name. */
  public String name() {
    return name;
  }

  /** When it was created; empty when the provider does not say. */
  public Optional<Instant> creationDate() {
    return Optional.ofNullable(creationDate);
  }

  /** Its region; empty when the provider does not say. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketInfo other
        && name.equals(other.name)
        && Objects.equals(creationDate, other.creationDate)
        && Objects.equals(region, other.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, creationDate, region);
  }

  @Override
  public String toString() {
    return "BucketInfo[name="
        + name
        + ", creationDate="
        + creationDate
        + ", region="
        + region
        + "]";
  }

  /** Builds a {@link BucketInfo}; the optional values accept null for "not known". */
  public static final class Builder {
    private String name;
    private Instant creationDate;
    private String region;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** When it was created, or null when not known. */
    public Builder creationDate(Instant creationDate) {
      this.creationDate = creationDate;
      return this;
    }

    /** Its region, or null when not known. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public BucketInfo build() {
      return new BucketInfo(this);
    }
  }
}
