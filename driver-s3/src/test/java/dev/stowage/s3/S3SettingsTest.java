package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Opening the driver: settings checked before any client exists, and discovery. */
class S3SettingsTest {

  private static DriverConfig.Builder base() {
    return DriverConfig.builder()
        .set(S3DriverProvider.BUCKET, "shop")
        .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAEXAMPLEEXAMPLE12")
        .secret(S3DriverProvider.SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  private static S3Settings settings(DriverConfig config) {
    return S3Settings.from(new S3DriverProvider().configSchema().resolve(config));
  }

  private static StorageException refused(DriverConfig config) {
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () -> Store.open(new S3DriverProvider(), config, DriverContext.create()).close());
    assertThat(e).as("opening with %s", config).isNotNull();
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    return e;
  }

  @Test
  @DisplayName("Defaults: us-east-1, Amazon's endpoint, 16 MiB threshold, 4 parts of 8 MiB")
  void defaults() {
    S3Settings s = settings(base().build());
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.endpoint()).isNull();
    assertThat(s.amazonEndpoint()).isTrue();
    assertThat(s.multipartThreshold()).isEqualTo(16L << 20);
    assertThat(s.partSize()).isEqualTo(8 << 20);
    assertThat(s.partsInFlight()).isEqualTo(4);
    assertThat(s.uploadMemoryBudget()).isEqualTo(32L << 20);
    assertThat(s.toString()).doesNotContain("wJalr").doesNotContain("AKIAEXAMPLEEXAMPLE12");
  }

  @Test
  @DisplayName("Sizes take KiB, MiB and GiB; a non-AWS endpoint is recognised")
  void sizesAndEndpoint() {
    S3Settings s =
        settings(
            base()
                .set(S3DriverProvider.PART_SIZE, "64 MiB")
                .set(S3DriverProvider.MULTIPART_THRESHOLD, "100m")
                .set(S3DriverProvider.PARTS_IN_FLIGHT, "2")
                .set(S3DriverProvider.ENDPOINT, "http://127.0.0.1:9000")
                .build());
    assertThat(s.partSize()).isEqualTo(64 << 20);
    assertThat(s.multipartThreshold()).isEqualTo(100L << 20);
    assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s.amazonEndpoint()).isFalse();
    assertThat(
            settings(
                    base()
                        .set(S3DriverProvider.ENDPOINT, "https://s3.eu-west-1.amazonaws.com")
                        .build())
                .amazonEndpoint())
        .isTrue();
  }

  @Test
  @DisplayName("Unusable settings fail with CONFIG_INVALID naming the setting, never a secret")
  void refusals() {
    assertThat(refused(base().set(S3DriverProvider.PART_SIZE, "1MiB").build()).getMessage())
        .contains(S3DriverProvider.PART_SIZE);
    assertThat(refused(base().set(S3DriverProvider.PART_SIZE, "lots").build()).getMessage())
        .contains(S3DriverProvider.PART_SIZE);
    assertThat(refused(base().set(S3DriverProvider.PARTS_IN_FLIGHT, "0").build()).getMessage())
        .contains(S3DriverProvider.PARTS_IN_FLIGHT);
    assertThat(
            refused(base().set(S3DriverProvider.MULTIPART_THRESHOLD, "1GiB").build()).getMessage())
        .contains(S3DriverProvider.MULTIPART_THRESHOLD);
    assertThat(refused(base().set(S3DriverProvider.REGION, "EU West").build()).getMessage())
        .contains(S3DriverProvider.REGION);
    assertThat(
            refused(base().set(S3DriverProvider.ENDPOINT, "ftp://x.example").build()).getMessage())
        .contains(S3DriverProvider.ENDPOINT);
    assertThat(refused(base().set(S3DriverProvider.BUCKET, "a/b").build()).getMessage())
        .contains(S3DriverProvider.BUCKET);
    StorageException oneKey =
        refused(
            DriverConfig.builder()
                .set(S3DriverProvider.BUCKET, "shop")
                .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAEXAMPLEEXAMPLE12")
                .build());
    assertThat(oneKey.getMessage()).contains(S3DriverProvider.SECRET_ACCESS_KEY);
    StorageException inner =
        refused(
            base()
                .secret(
                    S3DriverProvider.SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY")
                .build());
    assertThat(inner.getMessage()).contains("whitespace").doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  @DisplayName("Without keys the default credential chain is used, and opening needs no network")
  void defaultChain() {
    try (Store store =
        Store.open(
            new S3DriverProvider(),
            DriverConfig.builder().set(S3DriverProvider.BUCKET, "shop").build(),
            DriverContext.create())) {
      assertThat(store.location()).isEqualTo("shop");
    }
  }

  @Test
  @DisplayName("The driver is found by id, with its badge")
  void discovery() {
    assertThat(DriverRegistry.load().ids()).contains("s3");
    try (Store store = Store.open("s3", base().build())) {
      assertThat(store.descriptor().badge().label()).isEqualTo("S3");
      assertThat(store.descriptor().displayName()).isEqualTo("Amazon S3");
      assertThat(store.capabilities().maxBatchDelete()).isEqualTo(1000);
      assertThat(store.capabilities().presignPost()).isTrue();
      assertThat(store.capabilities().bucketAdmin()).isTrue();
    }
  }
}
