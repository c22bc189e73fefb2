package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  @DisplayName(
      "credentials=default-chain uses the host's chain only where the host allows it, and opening"
          + " needs no network")
  void defaultChain() {
    DriverConfig config =
        DriverConfig.builder()
            .set(S3DriverProvider.BUCKET, "shop")
            .set(S3DriverProvider.CREDENTIALS, "default-chain")
            .build();
    StorageException refused =
        catchThrowableOfType(
            StorageException.class,
            () -> Store.open(new S3DriverProvider(), config, DriverContext.create()).close());
    assertThat(refused.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(refused.getMessage()).contains("allowHostCredentials(true)");
    try (Store store =
        Store.open(
            new S3DriverProvider(),
            config,
            DriverContext.builder().allowHostCredentials(true).build())) {
      assertThat(store.location()).isEqualTo("shop");
    }
  }

  @Test
  @DisplayName(
      "Blank keys no longer fall back to the host's AWS identity: CONFIG_INVALID, naming both")
  void blankKeysAreRefused() {
    for (DriverConfig config :
        List.of(
            DriverConfig.builder().set(S3DriverProvider.BUCKET, "shop").build(),
            DriverConfig.builder()
                .set(S3DriverProvider.BUCKET, "shop")
                .set(S3DriverProvider.CREDENTIALS, "static")
                .secret(S3DriverProvider.ACCESS_KEY_ID, "")
                .secret(S3DriverProvider.SECRET_ACCESS_KEY, "  ")
                .build())) {
      assertThat(refused(config).getMessage())
          .contains(S3DriverProvider.ACCESS_KEY_ID)
          .contains(S3DriverProvider.SECRET_ACCESS_KEY)
          .contains("credentials=default-chain");
    }
  }

  @Test
  @DisplayName("The default chain and explicit keys together contradict each other")
  void defaultChainWithKeys() {
    assertThat(
            refused(base().set(S3DriverProvider.CREDENTIALS, "default-chain").build()).getMessage())
        .contains("contradict", S3DriverProvider.ACCESS_KEY_ID)
        .doesNotContain("AKIAEXAMPLEEXAMPLE12");
    assertThat(
            refused(base().set(S3DriverProvider.CREDENTIALS, "instance-role").build()).getMessage())
        .contains(S3DriverProvider.CREDENTIALS, "static", "default-chain");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("An endpoint written as a metadata, link-local or unspecified address never opens")
  @ValueSource(
      strings = {
        "http://169.254.169.254",
        "http://2852039166/",
        "http://0xa9fea9fe",
        "http://0251.0376.0251.0376:80",
        "http://169.254.43518",
        "http://[::ffff:169.254.169.254]",
        "http://[fd00:ec2::254]",
        "http://[fe80::1]:9000",
        "http://0.0.0.0:9000",
        "http://[::]:9000",
        "http://224.0.0.1"
      })
  void metadataEndpoint(String endpoint) {
    DriverConfig config = base().set(S3DriverProvider.ENDPOINT, endpoint).build();
    DriverContext everything =
        DriverContext.builder()
            .endpointPolicy(EndpointPolicy.allowLoopback().andPrivateNetworks())
            .build();
    for (DriverContext context : List.of(DriverContext.create(), everything)) {
      StorageException e =
          catchThrowableOfType(
              StorageException.class,
              () -> Store.open(new S3DriverProvider(), config, context).close());
      assertThat(e).as(endpoint).isNotNull();
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      // Spellings java.net.URI cannot read as a host are refused as no URL at all.
      assertThat(e.getMessage())
          .contains(S3DriverProvider.ENDPOINT)
          .containsAnyOf("never allowed", "must be an absolute");
    }
  }

  @Test
  @DisplayName(
      "Loopback and private endpoints open only when the host allows them, named in the error")
  void loopbackAndPrivateEndpoints() {
    DriverConfig local = base().set(S3DriverProvider.ENDPOINT, "http://127.0.0.1:9000").build();
    assertThat(refused(local).getMessage())
        .contains(
            "127.0.0.1 is a loopback address",
            "DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback())");
    DriverConfig lan = base().set(S3DriverProvider.ENDPOINT, "http://10.0.0.5:9000").build();
    assertThat(refused(lan).getMessage()).contains("EndpointPolicy.allowPrivateNetworks()");

    DriverContext loopback =
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
    Store.open(new S3DriverProvider(), local, loopback).close();
    assertThat(
            catchThrowableOfType(
                    StorageException.class,
                    () -> Store.open(new S3DriverProvider(), lan, loopback).close())
                .code())
        .isEqualTo(Code.CONFIG_INVALID);
    Store.open(
            new S3DriverProvider(),
            lan,
            DriverContext.builder().endpointPolicy(EndpointPolicy.allowPrivateNetworks()).build())
        .close();
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
