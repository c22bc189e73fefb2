package dev.stowage.r2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.ObjectInfo;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * S3 and R2 side by side, as the README shows them: two stores opened by driver id, each with its
 * badge, on two buckets of one embedded server.
 */
class R2SideBySideTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @Test
  @DisplayName("An s3 store and an r2 store work at once, each with its own badge and bucket")
  void twoStores() {
    DriverConfig s3Config =
        DriverConfig.builder()
            .set("bucket", S3.newBucket())
            .set("endpoint", S3.server().endpoint().toString())
            .set("region", S3.server().region())
            .secret("accessKeyId", S3.server().accessKey())
            .secret("secretAccessKey", S3.server().secretKey())
            .build();
    DriverConfig r2Config = R2TestConfigs.embedded(S3.server(), S3.newBucket()).build();
    DriverRegistry registry = DriverRegistry.load();
    DriverContext loopback =
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
    try (Store s3 = registry.open("s3", s3Config, loopback);
        Store r2 = registry.open("r2", r2Config, loopback)) {
      s3.upload(UploadRequest.of("products/app-1.0.zip"), "on s3".getBytes(StandardCharsets.UTF_8));
      r2.upload(UploadRequest.of("products/app-1.0.zip"), "on r2".getBytes(StandardCharsets.UTF_8));

      assertThat(s3.descriptor().badge().label()).isEqualTo("S3");
      assertThat(r2.descriptor().badge().label()).isEqualTo("R2");
      assertThat(s3.descriptor().badge().colour()).isNotEqualTo(r2.descriptor().badge().colour());
      assertThat(s3.location()).isNotEqualTo(r2.location());
      assertThat(new String(s3.readAllBytes("products/app-1.0.zip"), StandardCharsets.UTF_8))
          .isEqualTo("on s3");
      assertThat(new String(r2.readAllBytes("products/app-1.0.zip"), StandardCharsets.UTF_8))
          .isEqualTo("on r2");
      assertThat(r2.listAll("products/"))
          .extracting(ObjectInfo::key)
          .containsExactly("products/app-1.0.zip");
      assertThat(s3.capabilities().presignPost()).isTrue();
      assertThat(r2.capabilities().presignPost()).isFalse();
    }
  }
}
