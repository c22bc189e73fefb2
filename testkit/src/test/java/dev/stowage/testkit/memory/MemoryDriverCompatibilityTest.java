package dev.stowage.testkit.memory;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.HttpMethod;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

/** The kit against the memory driver with signed URLs served by its embedded server. */
class MemoryDriverCompatibilityTest extends StorageDriverCompatibilityKit {

  private static final String SIGNING_KEY = "kit-signing-key-0123456789abcdef";

  @Override
  protected Store openStore(KitContext context) {
    return open(context);
  }

  /** Another memory store with the same key: another instance, so another identity. */
  @Override
  protected Optional<Store> openSecondStoreSharingSigningKey(
      KitContext context, String publicBaseUrl) {
    return Optional.of(
        context.closeAfterTest(
            Store.open(
                new MemoryDriverProvider(),
                DriverConfig.builder()
                    .set("publicBaseUrl", publicBaseUrl)
                    .secret("signingKey", SIGNING_KEY)
                    .build(),
                context.driverContext())));
  }

  /** The shared HMAC signer accepts its parameters only in the order it wrote them. */
  @Override
  protected boolean presignedQueryIsExact() {
    return true;
  }

  private static Store open(KitContext context) {
    return Store.open(
        new MemoryDriverProvider(),
        DriverConfig.builder()
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", SIGNING_KEY)
            .build(),
        context.driverContext());
  }

  /** Everything but POST policies, hardening and bucket admin; objects up to 1 GiB. */
  static Capabilities memoryCapabilities(EnumSet<HttpMethod> presignMethods) {
    return Capabilities.builder()
        .presignMethods(presignMethods)
        .presignPost(false)
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .verify(true)
        .maxPresignTtl(Duration.ofDays(7))
        .maxKeyBytes(1024)
        .maxSinglePutBytes(1L << 30)
        .maxObjectBytes(1L << 30)
        .maxBatchDelete(1000)
        .maxMetadataBytes(2048)
        .bucketAdmin(false)
        .build();
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return memoryCapabilities(EnumSet.allOf(HttpMethod.class));
  }
}
