package dev.stowage.r2;

import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import dev.stowage.testkit.s3.ForeignKeysKit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keys written by other tools (aws-cli, the SDK) through the R2 driver, the embedded server as R2.
 */
class R2ForeignKeysTest extends ForeignKeysKit {

  @Override
  protected Store openStore(EmbeddedS3Server server, String bucket) {
    return Store.open(
        new R2DriverProvider(),
        R2TestConfigs.embedded(server, bucket).build(),
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build());
  }

  @Override
  protected S3Client sdkClient(Store store) {
    return store.unwrap(R2StorageDriver.class).client();
  }
}
