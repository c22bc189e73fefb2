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
 * store.verify(VerifyRequest.of(EnumSet.of(Feature.READ)).withReadProbeKey("products/app.zip"));
 * }</pre>
 */
public record VerifyRequest(Set<Feature> features, Optional<String> readProbeKey) {

  public VerifyRequest {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(readProbeKey, "readProbeKey");
    if (features.isEmpty()) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT, "Name at least one feature to check");
    }
    features = Set.copyOf(EnumSet.copyOf(features));
  }

  /** Checks for these features, without a probe key. */
  public static VerifyRequest of(Set<Feature> features) {
    return new VerifyRequest(features, Optional.empty());
  }

  /** This request, also reading the object at {@code key} (one byte) to prove reads work. */
  public VerifyRequest withReadProbeKey(String key) {
    return new VerifyRequest(features, Optional.of(Keys.requireExisting(key)));
  }

  public boolean checks(Feature feature) {
    return features.contains(feature);
  }
}
