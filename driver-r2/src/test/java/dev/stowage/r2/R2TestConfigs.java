package dev.stowage.r2;

import dev.stowage.DriverConfig;
import dev.stowage.testkit.s3.EmbeddedS3Server;

/** R2 driver settings for test servers. */
final class R2TestConfigs {

  /** A well-formed account ID (32 hexadecimal characters) that belongs to nobody. */
  static final String ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

  private R2TestConfigs() {}

  /**
   * The embedded S3 server as the R2 endpoint: its URL overrides the one derived from the account,
   * and its keys stand in for an R2 API token's. Add or override settings on the builder.
   */
  static DriverConfig.Builder embedded(EmbeddedS3Server server, String bucket) {
    return DriverConfig.builder()
        .set(R2DriverProvider.ACCOUNT_ID, ACCOUNT_ID)
        .set(R2DriverProvider.BUCKET, bucket)
        .set(R2DriverProvider.ENDPOINT, server.endpoint().toString())
        .secret(R2DriverProvider.ACCESS_KEY_ID, server.accessKey())
        .secret(R2DriverProvider.SECRET_ACCESS_KEY, server.secretKey());
  }
}
