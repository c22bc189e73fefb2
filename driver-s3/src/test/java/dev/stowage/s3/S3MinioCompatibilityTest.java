package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.HardeningSetting;
import dev.stowage.Store;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The kit against MinIO in a container, one bucket per test, created through the driver's own
 * bucket admin. Runs where a Docker engine is; skipped, with the reason, where none is.
 */
@Testcontainers
@EnabledIf(
    value = "dockerAvailable",
    disabledReason =
        "No Docker engine found: the MinIO variant of the kit needs one (Testcontainers looked for"
            + " DOCKER_HOST, /var/run/docker.sock and ~/.testcontainers.properties)")
class S3MinioCompatibilityTest extends StorageDriverCompatibilityKit {

  /** A MinIO release with conditional writes ({@code If-None-Match: *}), which the kit needs. */
  static final String IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

  @Container static final MinIOContainer MINIO = new MinIOContainer(IMAGE);

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  protected Store openStore(KitContext context) {
    String bucket =
        "kit-"
            + BUCKETS.incrementAndGet()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    Store store =
        Store.open(
            new S3DriverProvider(),
            DriverConfig.builder()
                .set(S3DriverProvider.BUCKET, bucket)
                .set(S3DriverProvider.ENDPOINT, MINIO.getS3URL())
                .set(S3DriverProvider.REGION, "us-east-1")
                .secret(S3DriverProvider.ACCESS_KEY_ID, MINIO.getUserName())
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, MINIO.getPassword())
                .build(),
            // Docker publishes MinIO on localhost, or on a private address of the Docker host.
            context.driverContext().toBuilder()
                .endpointPolicy(EndpointPolicy.allowLoopback().andPrivateNetworks())
                .build());
    try {
      store.buckets().create(bucket);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return ExpectedCapabilities.amazonS3();
  }

  /**
   * MinIO answers 501 NotImplemented to public access block, ownership controls, CORS and (without
   * a KMS) default encryption, and 400 MalformedXML to a lifecycle rule that only aborts incomplete
   * uploads (it removes stale uploads by itself).
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
