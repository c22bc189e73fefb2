package dev.stowage;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a driver can do and within which limits. {@link Store} refuses an operation the driver does
 * not declare with {@code UNSUPPORTED} before the driver is called, and the compatibility kit holds
 * the driver to every flag: what is declared must work, what is not must fail that way. Built with
 * {@link #builder()}, which starts with every feature off; immutable, compared by value.
 */
public final class Capabilities {

  /** The longest presign TTL any provider allows. */
  public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

  private final Set<HttpMethod> presignMethods;
  private final boolean presignPost;
  private final boolean createOnly;
  private final boolean rangedReads;
  private final boolean userMetadata;
  private final Set<HardeningSetting> hardeningSettings;
  private final boolean verify;
  private final Duration maxPresignTtl;
  private final int maxKeyBytes;
  private final long maxSinglePutBytes;
  private final long maxObjectBytes;
  private final int maxBatchDelete;
  private final int maxMetadataBytes;
  private final boolean bucketAdmin;

  private Capabilities(Builder b) {
    Objects.requireNonNull(b.maxPresignTtl, "maxPresignTtl");
    if (b.maxPresignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
      throw new IllegalArgumentException("maxPresignTtl above 7 days");
    }
    if (b.maxKeyBytes < 1 || b.maxKeyBytes > Keys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("maxKeyBytes must be 1..1024");
    }
    if (b.maxSinglePutBytes < 1 || b.maxObjectBytes < b.maxSinglePutBytes) {
      throw new IllegalArgumentException("need 1 <= maxSinglePutBytes <= maxObjectBytes");
    }
    if (b.maxBatchDelete < 1) {
      throw new IllegalArgumentException("maxBatchDelete must be >= 1");
    }
    this.presignMethods = b.presignMethods.isEmpty() ? Set.of() : Set.copyOf(b.presignMethods);
    this.hardeningSettings = Set.copyOf(b.hardeningSettings);
    this.presignPost = b.presignPost;
    this.createOnly = b.createOnly;
    this.rangedReads = b.rangedReads;
    this.userMetadata = b.userMetadata;
    this.verify = b.verify;
    this.maxPresignTtl = b.maxPresignTtl;
    this.maxKeyBytes = b.maxKeyBytes;
    this.maxSinglePutBytes = b.maxSinglePutBytes;
    this.maxObjectBytes = b.maxObjectBytes;
    this.maxBatchDelete = b.maxBatchDelete;
    this.maxMetadataBytes = b.maxMetadataBytes;
    this.bucketAdmin = b.bucketAdmin;
  }

  /** Methods {@code presign} supports (empty: no presigning). */
  public Set<HttpMethod> presignMethods() {
    return presignMethods;
  }

  /** Whether browser POST policies are supported. */
  public boolean presignPost() {
    return presignPost;
  }

  /** Whether {@code createOnly} uploads are enforced atomically. */
  public boolean createOnly() {
    return createOnly;
  }

  /** Whether downloads of a byte range are supported. */
  public boolean rangedReads() {
    return rangedReads;
  }

  /** Whether user metadata is stored and returned. */
  public boolean userMetadata() {
    return userMetadata;
  }

  /** Settings {@code harden} can act on (others are reported UNSUPPORTED). */
  public Set<HardeningSetting> hardeningSettings() {
    return hardeningSettings;
  }

  /**
   * Whether {@code verify} probes the connection; {@link Store#verify()} fails with {@code
   * UNSUPPORTED} when not declared.
   */
  public boolean verify() {
    return verify;
  }

  /** Longest presign time-to-live (at most 7 days). */
  public Duration maxPresignTtl() {
    return maxPresignTtl;
  }

  /** Longest key in UTF-8 bytes (at most 1024). */
  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  /**
   * Largest object one request from outside can store: {@link Store#presignPost} refuses a policy
   * allowing more (the store's own uploads go multipart).
   */
  public long maxSinglePutBytes() {
    return maxSinglePutBytes;
  }

  /** Largest object at all; {@link Store} refuses a longer upload of known length. */
  public long maxObjectBytes() {
    return maxObjectBytes;
  }

  /** Most keys per batch-delete request. */
  public int maxBatchDelete() {
    return maxBatchDelete;
  }

  /** Most bytes of user metadata, names and values together. */
  public int maxMetadataBytes() {
    return maxMetadataBytes;
  }

  /**
   * Whether {@link dev.stowage.spi.StorageDriver#bucketAdmin()} lists and creates buckets (see
   * {@link Store#buckets()}).
   */
  public boolean bucketAdmin() {
    return bucketAdmin;
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

  @Override
  public boolean equals(Object other) {
    return other instanceof Capabilities o
        && presignMethods.equals(o.presignMethods)
        && presignPost == o.presignPost
        && createOnly == o.createOnly
        && rangedReads == o.rangedReads
        && userMetadata == o.userMetadata
        && hardeningSettings.equals(o.hardeningSettings)
        && verify == o.verify
        && maxPresignTtl.equals(o.maxPresignTtl)
        && maxKeyBytes == o.maxKeyBytes
        && maxSinglePutBytes == o.maxSinglePutBytes
        && maxObjectBytes == o.maxObjectBytes
        && maxBatchDelete == o.maxBatchDelete
        && maxMetadataBytes == o.maxMetadataBytes
        && bucketAdmin == o.bucketAdmin;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
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

  @Override
  public String toString() {
    return "Capabilities["
        + "presignMethods="
        + presignMethods
        + ", "
        + "presignPost="
        + presignPost
        + ", "
        + "createOnly="
        + createOnly
        + ", "
        + "rangedReads="
        + rangedReads
        + ", "
        + "userMetadata="
        + userMetadata
        + ", "
        + "hardeningSettings="
        + hardeningSettings
        + ", "
        + "verify="
        + verify
        + ", "
        + "maxPresignTtl="
        + maxPresignTtl
        + ", "
        + "maxKeyBytes="
        + maxKeyBytes
        + ", "
        + "maxSinglePutBytes="
        + maxSinglePutBytes
        + ", "
        + "maxObjectBytes="
        + maxObjectBytes
        + ", "
        + "maxBatchDelete="
        + maxBatchDelete
        + ", "
        + "maxMetadataBytes="
        + maxMetadataBytes
        + ", "
        + "bucketAdmin="
        + bucketAdmin
        + "]";
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
      return new Capabilities(this);
    }
  }
}
