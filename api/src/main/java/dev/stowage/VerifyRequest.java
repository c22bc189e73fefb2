package dev.stowage;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What "Check again" checks: the {@link Feature}s the connection is used for (checks for others are
 * not run, and reported {@link ConnectionReport.Status#NOT_NEEDED}), and optionally the key of an
 * object known to exist, which lets a key that may only read prove it can.
 *
 * <p>Why the probe key: a read-only key cannot write a probe, so reading is checked by asking for a
 * key that does not exist. With list permission S3 answers 404, which proves reading is allowed;
 * without it (the recommended download-only policy) S3 answers 403 for a missing key whether or not
 * reading is allowed, and the check can only say "unconfirmed" unless it may read a real object.
 *
 * <pre>{@code
 * store.verify(VerifyRequest.of(EnumSet.of(Feature.READ)));
 * store.verify(VerifyRequest.builder(EnumSet.of(Feature.READ)).readProbeKey("products/app.zip").build());
 * }</pre>
 */
public final class VerifyRequest {

  private final Set<Feature> features;
  private final String readProbeKey;

  private VerifyRequest(Builder b) {
    Objects.requireNonNull(b.features, "features");
    if (b.features.isEmpty()) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT, "Name at least one feature to check");
    }
    this.features = Set.copyOf(EnumSet.copyOf(b.features));
    this.readProbeKey = b.readProbeKey == null ? null : Keys.requireExisting(b.readProbeKey);
  }

  /** A builder for checks of these features. */
  public static Builder builder(Set<Feature> features) {
    return new Builder().features(features);
  }

  /** Checks for these features, without a probe key. */
  public static VerifyRequest of(Set<Feature> features) {
    return builder(features).build();
  }

  public Builder toBuilder() {
    return new Builder().features(features).readProbeKey(readProbeKey);
  }

  public Set<Feature> features() {
    return features;
  }

  /** The key of an object known to exist, read (one byte) to prove reads work; empty: none. */
  public Optional<String> readProbeKey() {
    return Optional.ofNullable(readProbeKey);
  }

  public boolean checks(Feature feature) {
    return features.contains(feature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyRequest other
        && features.equals(other.features)
        && Objects.equals(readProbeKey, other.readProbeKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, readProbeKey);
  }

  @Override
  public String toString() {
    return "VerifyRequest[features=" + features + ", readProbeKey=" + readProbeKey + "]";
  }

  /** Builds a {@link VerifyRequest}. */
  public static final class Builder {
    private Set<Feature> features;
    private String readProbeKey;

    private Builder() {}

    /** The features the connection is used for; at least one. */
    public Builder features(Set<Feature> features) {
      this.features = features;
      return this;
    }

    /** Also read the object at {@code key} (one byte) to prove reads work; null for none. */
    public Builder readProbeKey(String key) {
      this.readProbeKey = key;
      return this;
    }

    public VerifyRequest build() {
      return new VerifyRequest(this);
    }
  }
}
