package dev.stowage;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a driver can do and within which limits. {@link Store} refuses an operation the driver does
 * not declare with {@code UNSUPPORTED} before the driver is called, and the compatibility kit holds
 * the driver to every flag: what is declared must work, what is not must fail that way.
 *
 * @param presignMethods methods {@code presign} supports (empty: no presigning)
 * @param presignPost whether browser POST policies are supported
 * @param createOnly whether {@code createOnly} uploads are enforced atomically
 * @param rangedReads whether downloads of a byte range are supported
 * @param userMetadata whether user metadata is stored and returned
 * @param hardeningSettings settings {@code harden} can act on (others are reported UNSUPPORTED)
 * @param verify whether {@code verify} probes the connection; {@link Store#verify()} fails with
 *     {@code UNSUPPORTED} when not declared
 * @param maxPresignTtl longest presign time-to-live (at most 7 days)
 * @param maxKeyBytes longest key in UTF-8 bytes (at most 1024)
 * @param maxSinglePutBytes largest object one request from outside can store: {@link
 *     Store#presignPost} refuses a policy allowing more (the store's own uploads go multipart)
 * @param maxObjectBytes largest object at all; {@link Store} refuses a longer upload of known
 *     length
 * @param maxBatchDelete most keys per batch-delete request
 * @param maxMetadataBytes most bytes of user metadata, names and values together
 * @param bucketAdmin whether {@link dev.stowage.spi.StorageDriver#bucketAdmin()} lists and creates
 *     buckets (see {@link Store#buckets()})
 */
public record Capabilities(
    Set<HttpMethod> presignMethods,
    boolean presignPost,
    boolean createOnly,
    boolean rangedReads,
    boolean userMetadata,
    Set<HardeningSetting> hardeningSettings,
    boolean verify,
    Duration maxPresignTtl,
    int maxKeyBytes,
    long maxSinglePutBytes,
    long maxObjectBytes,
    int maxBatchDelete,
    int maxMetadataBytes,
    boolean bucketAdmin) {

  /** The longest presign TTL any provider allows. */
  public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

  public Capabilities {
    presignMethods = presignMethods.isEmpty() ? Set.of() : Set.copyOf(presignMethods);
    hardeningSettings = Set.copyOf(hardeningSettings);
    Objects.requireNonNull(maxPresignTtl, "maxPresignTtl");
    if (maxPresignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
      throw new IllegalArgumentException("maxPresignTtl above 7 days");
    }
    if (maxKeyBytes < 1 || maxKeyBytes > Keys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("maxKeyBytes must be 1..1024");
    }
    if (maxSinglePutBytes < 1 || maxObjectBytes < maxSinglePutBytes) {
      throw new IllegalArgumentException("need 1 <= maxSinglePutBytes <= maxObjectBytes");
    }
    if (maxBatchDelete < 1) {
      throw new IllegalArgumentException("maxBatchDelete must be >= 1");
    }
  }

  public boolean canPresign(HttpMethod method) {
    return presignMethods.contains(method);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .presignMethods(presignMethods)
        .presignPost(presignPost)
        .createOnly(createOnly)
        .rangedReads(rangedReads)
        .userMetadata(userMetadata)
        .hardeningSettings(hardeningSettings)
        .verify(verify)
        .maxPresignTtl(maxPresignTtl)
        .maxKeyBytes(maxKeyBytes)
        .maxSinglePutBytes(maxSinglePutBytes)
        .maxObjectBytes(maxObjectBytes)
        .maxBatchDelete(maxBatchDelete)
        .maxMetadataBytes(maxMetadataBytes)
        .bucketAdmin(bucketAdmin);
  }

  /**
   * Builds {@link Capabilities}. Every feature starts off, so a driver claims only what it turns
   * on: no presigning, no POST, no create-only, no ranged reads, no user metadata, no hardening, no
   * verify, no bucket administration. Limits start at the widest any provider allows: 7-day TTL
   * cap, 1024-byte keys, no size limits, 1000 keys per batch delete, 2 KiB of metadata.
   */
  public static final class Builder {
    private Set<HttpMethod> presignMethods = EnumSet.noneOf(HttpMethod.class);
    private boolean presignPost;
    private boolean createOnly;
    private boolean rangedReads;
    private boolean userMetadata;
    private Set<HardeningSetting> hardeningSettings = EnumSet.noneOf(HardeningSetting.class);
    private boolean verify;
    private Duration maxPresignTtl = MAX_PRESIGN_TTL;
    private int maxKeyBytes = Keys.MAX_KEY_BYTES;
    private long maxSinglePutBytes = Long.MAX_VALUE;
    private long maxObjectBytes = Long.MAX_VALUE;
    private int maxBatchDelete = 1000;
    private int maxMetadataBytes = 2048;
    private boolean bucketAdmin;

    private Builder() {}

    public Builder presignMethods(Set<HttpMethod> methods) {
      this.presignMethods = methods;
      return this;
    }

    public Builder presignPost(boolean presignPost) {
      this.presignPost = presignPost;
      return this;
    }

    public Builder createOnly(boolean createOnly) {
      this.createOnly = createOnly;
      return this;
    }

    public Builder rangedReads(boolean rangedReads) {
      this.rangedReads = rangedReads;
      return this;
    }

    public Builder userMetadata(boolean userMetadata) {
      this.userMetadata = userMetadata;
      return this;
    }

    public Builder hardeningSettings(Set<HardeningSetting> settings) {
      this.hardeningSettings = settings;
      return this;
    }

    public Builder verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    public Builder maxPresignTtl(Duration ttl) {
      this.maxPresignTtl = ttl;
      return this;
    }

    public Builder maxKeyBytes(int maxKeyBytes) {
      this.maxKeyBytes = maxKeyBytes;
      return this;
    }

    public Builder maxSinglePutBytes(long bytes) {
      this.maxSinglePutBytes = bytes;
      return this;
    }

    public Builder maxObjectBytes(long bytes) {
      this.maxObjectBytes = bytes;
      return this;
    }

    public Builder maxBatchDelete(int maxBatchDelete) {
      this.maxBatchDelete = maxBatchDelete;
      return this;
    }

    public Builder maxMetadataBytes(int maxMetadataBytes) {
      this.maxMetadataBytes = maxMetadataBytes;
      return this;
    }

    public Builder bucketAdmin(boolean bucketAdmin) {
      this.bucketAdmin = bucketAdmin;
      return this;
    }

    public Capabilities build() {
      return new Capabilities(
          presignMethods,
          presignPost,
          createOnly,
          rangedReads,
          userMetadata,
          hardeningSettings,
          verify,
          maxPresignTtl,
          maxKeyBytes,
          maxSinglePutBytes,
          maxObjectBytes,
          maxBatchDelete,
          maxMetadataBytes,
          bucketAdmin);
    }
  }
}
