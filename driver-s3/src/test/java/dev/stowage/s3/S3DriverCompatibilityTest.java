package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.HardeningSetting;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit against the S3 driver and a real S3 server: S3Proxy in this process, SigV4 on, one bucket
 * per test.
 */
class S3DriverCompatibilityTest extends StorageDriverCompatibilityKit {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @Override
  protected Store openStore(KitContext context) {
    return Store.open(
        new S3DriverProvider(),
        TestConfigs.embedded(S3.server(), S3.newBucket()).build(),
        context.driverContext());
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return ExpectedCapabilities.amazonS3();
  }

  /**
   * S3Proxy's filesystem store answers 501 NotImplemented to every bucket setting: public access
   * block, ownership controls, default encryption (only its in-memory store has it), lifecycle and
   * CORS configuration.
   */
  @Override
  protected Set<HardeningSetting> hardeningSettingsTheBackendRefuses() {
    return EnumSet.of(
        HardeningSetting.BLOCK_PUBLIC_ACCESS,
        HardeningSetting.BUCKET_OWNER_ENFORCED,
        HardeningSetting.DEFAULT_ENCRYPTION,
        HardeningSetting.ABORT_INCOMPLETE_MULTIPART,
        HardeningSetting.CORS_FOR_BROWSER_UPLOADS);
  }
}
