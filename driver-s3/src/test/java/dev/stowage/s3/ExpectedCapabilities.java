package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import java.time.Duration;
import java.util.EnumSet;

/**
 * What the S3 driver must declare, written out here rather than read from the driver, so the kit
 * catches a capability that changes by accident: every test of the kit against S3 expects these.
 */
final class ExpectedCapabilities {

  private static final long GIB = 1L << 30;

  private ExpectedCapabilities() {}

  /** Amazon S3: everything, 5 GiB per PUT (or POST form), 5 TiB per object, 1000 per batch. */
  static Capabilities amazonS3() {
    return Capabilities.builder()
        .presignMethods(EnumSet.allOf(HttpMethod.class))
        .presignPost(true)
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .hardeningSettings(
            EnumSet.of(
                HardeningSetting.BLOCK_PUBLIC_ACCESS,
                HardeningSetting.BUCKET_OWNER_ENFORCED,
                HardeningSetting.DEFAULT_ENCRYPTION,
                HardeningSetting.ABORT_INCOMPLETE_MULTIPART,
                HardeningSetting.CORS_FOR_BROWSER_UPLOADS))
        .verify(true)
        .maxPresignTtl(Duration.ofDays(7))
        .maxKeyBytes(1024)
        .maxSinglePutBytes(5 * GIB)
        .maxObjectBytes(5 * 1024 * GIB)
        .maxBatchDelete(1000)
        // 2 KiB less the write token create-only uploads carry (S3Dialect.RESERVED_METADATA_BYTES).
        .maxMetadataBytes(2048 - 51)
        .bucketAdmin(true)
        .build();
  }
}
