package dev.stowage.r2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Capabilities;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.PostPolicyRequest;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit against the R2 driver, with the embedded S3 server (S3Proxy, SigV4 on) as the R2
 * endpoint: every request is signed for region {@code auto}, bodies go without {@code aws-chunked}
 * encoding or default checksums, and R2's capabilities gate the tests (POST policies UNSUPPORTED,
 * batch deletes of {@value R2Dialect#MAX_BATCH_DELETE} keys).
 */
class R2DriverCompatibilityTest extends StorageDriverCompatibilityKit {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @Override
  protected Store openStore(KitContext context) {
    return Store.open(
        new R2DriverProvider(),
        R2TestConfigs.embedded(S3.server(), S3.newBucket()).build(),
        context.driverContext());
  }

  /**
   * R2's capabilities: GET/HEAD/PUT/DELETE presigning, no POST policies, 5 GiB - 5 MiB per PUT,
   * batches of 500, 8 KiB of metadata, CORS and lifecycle only.
   */
  static Capabilities r2() {
    return Capabilities.builder()
        .presignMethods(
            EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE))
        .presignPost(false)
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .hardeningSettings(
            EnumSet.of(
                HardeningSetting.ABORT_INCOMPLETE_MULTIPART,
                HardeningSetting.CORS_FOR_BROWSER_UPLOADS))
        .verify(true)
        .maxPresignTtl(Duration.ofDays(7))
        .maxKeyBytes(1024)
        .maxSinglePutBytes((5L << 30) - (5L << 20))
        .maxObjectBytes((5L << 40) - (5L << 30))
        .maxBatchDelete(500)
        // 8 KiB less the write token create-only uploads carry (S3Dialect.RESERVED_METADATA_BYTES).
        .maxMetadataBytes(8192 - 51)
        .bucketAdmin(true)
        .build();
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return r2();
  }

  @Nested
  @DisplayName("R2")
  class R2Specifics {

    @Test
    @DisplayName("The driver describes itself as R2")
    void descriptor() {
      assertThat(store.descriptor().id()).isEqualTo("r2");
      assertThat(store.descriptor().badge().label()).isEqualTo("R2");
    }

    @Test
    @DisplayName(
        "A browser POST policy fails with UNSUPPORTED, from the store and the driver alike")
    void noPostPolicy() {
      PostPolicyRequest request =
          PostPolicyRequest.exactKey(key("post/form.bin"), 1024, Duration.ofMinutes(5));
      assertFails(Code.UNSUPPORTED, () -> store.presignPost(request));
      assertFails(Code.UNSUPPORTED, () -> store.unwrap(R2StorageDriver.class).presignPost(request));
    }

    @Test
    @DisplayName("Presigned URLs are path-style and signed for region auto")
    void presignedForAuto() {
      store.upload(dev.stowage.UploadRequest.of(key("p.txt")), new byte[] {1});
      String url =
          store.presign(dev.stowage.PresignRequest.get(key("p.txt"), Duration.ofMinutes(1))).url();
      assertThat(url)
          .startsWith(S3.server().endpoint() + "/" + store.location() + "/")
          .contains("%2Fauto%2Fs3%2Faws4_request");
    }
  }
}
