package dev.stowage.s3;

import dev.stowage.Store;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import dev.stowage.testkit.s3.ForeignKeysKit;
import software.amazon.awssdk.services.s3.S3Client;

/** Keys written by other tools (aws-cli, the SDK) through the S3 driver. */
class S3ForeignKeysTest extends ForeignKeysKit {

  @Override
  protected Store openStore(EmbeddedS3Server server, String bucket) {
    return Store.open(
        new S3DriverProvider(),
        TestConfigs.embedded(server, bucket).build(),
        TestConfigs.loopback());
  }

  @Override
  protected S3Client sdkClient(Store store) {
    return store.unwrap(S3StorageDriver.class).client();
  }
}
