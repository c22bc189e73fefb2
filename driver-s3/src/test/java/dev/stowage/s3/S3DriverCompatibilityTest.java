package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit against the S3 driver and a real S3 server: S3Proxy in this process, SigV4 on, one bucket
 * per test. The backend refuses no hardening setting: the embedded server keeps every bucket
 * setting the hardener sets, so the Harden group applies and re-reads all of them.
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
}
