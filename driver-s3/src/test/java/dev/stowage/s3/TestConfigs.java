package dev.stowage.s3;

import dev.stowage.DriverConfig;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;

/** Driver settings for the embedded S3 server. */
final class TestConfigs {

  private TestConfigs() {}

  /**
   * The context for a store whose endpoint is on this machine (the embedded server, WireMock): the
   * strict default policy would refuse loopback.
   */
  static DriverContext loopback() {
    return DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
  }

  /** Bucket, endpoint, region and the server's keys; add or override settings on the builder. */
  static DriverConfig.Builder embedded(EmbeddedS3Server server, String bucket) {
    return DriverConfig.builder()
        .set(S3DriverProvider.BUCKET, bucket)
        .set(S3DriverProvider.ENDPOINT, server.endpoint().toString())
        .set(S3DriverProvider.REGION, server.region())
        .secret(S3DriverProvider.ACCESS_KEY_ID, server.accessKey())
        .secret(S3DriverProvider.SECRET_ACCESS_KEY, server.secretKey());
  }
}
