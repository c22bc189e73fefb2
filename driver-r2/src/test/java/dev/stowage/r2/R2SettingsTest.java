package dev.stowage.r2;

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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The R2 driver's settings: account, jurisdiction, endpoint, public base URL. No network. */
class R2SettingsTest {

  private static final String ACCOUNT = R2TestConfigs.ACCOUNT_ID;

  private static DriverConfig.Builder minimal() {
    return DriverConfig.builder()
        .set(R2DriverProvider.ACCOUNT_ID, ACCOUNT)
        .set(R2DriverProvider.BUCKET, "shop")
        .secret(R2DriverProvider.ACCESS_KEY_ID, "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        .secret(R2DriverProvider.SECRET_ACCESS_KEY, "secret");
  }

  private static Store open(UnaryOperator<DriverConfig.Builder> settings) {
    return Store.open(
        new R2DriverProvider(), settings.apply(minimal()).build(), DriverContext.create());
  }

  private static StorageException refused(UnaryOperator<DriverConfig.Builder> settings) {
    StorageException e = catchThrowableOfType(StorageException.class, () -> open(settings).close());
    assertThat(e).as("a StorageException").isNotNull();
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    return e;
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource({
    "'', https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com, NONE",
    "default, https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com, NONE",
    "eu, https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com, EU",
    "EU, https://0123456789abcdef0123456789abcdef.eu.r2.cloudflarestorage.com, EU",
    "fedramp, https://0123456789abcdef0123456789abcdef.fedramp.r2.cloudflarestorage.com, FEDRAMP",
    "us, https://0123456789abcdef0123456789abcdef.us.r2.cloudflarestorage.com, US"
  })
  @DisplayName("The endpoint is the account's, in the jurisdiction's subdomain")
  void endpointFromJurisdiction(String jurisdiction, String endpoint, R2Jurisdiction expected) {
    try (Store store = open(c -> c.set(R2DriverProvider.JURISDICTION, jurisdiction))) {
      R2StorageDriver r2 = store.unwrap(R2StorageDriver.class);
      assertThat(r2.endpoint()).isEqualTo(URI.create(endpoint));
      assertThat(r2.jurisdiction()).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("An account ID in upper case works; the endpoint uses it in lower case")
  void accountIdCase() {
    try (Store store =
        open(c -> c.set(R2DriverProvider.ACCOUNT_ID, ACCOUNT.toUpperCase(java.util.Locale.ROOT)))) {
      assertThat(store.unwrap(R2StorageDriver.class).endpoint().getHost())
          .isEqualTo(ACCOUNT + ".r2.cloudflarestorage.com");
    }
  }

  @Test
  @DisplayName("An endpoint URL pasted as the account ID is refused with what to paste instead")
  void endpointAsAccountId() {
    assertThat(
            refused(
                    c ->
                        c.set(
                            R2DriverProvider.ACCOUNT_ID,
                            "https://" + ACCOUNT + ".r2.cloudflarestorage.com"))
                .getMessage())
        .contains("accountId", "not the endpoint URL");
  }

  @Test
  @DisplayName("An account ID that is not 32 hexadecimal characters is refused")
  void badAccountId() {
    assertThat(refused(c -> c.set(R2DriverProvider.ACCOUNT_ID, "my-account")).getMessage())
        .contains("32 hexadecimal characters");
  }

  @Test
  @DisplayName("An unknown jurisdiction is refused, naming the ones that exist")
  void badJurisdiction() {
    assertThat(refused(c -> c.set(R2DriverProvider.JURISDICTION, "apac")).getMessage())
        .contains("eu, fedramp or us");
  }

  @Test
  @DisplayName("The account ID and bucket are required; a typo in a name is refused")
  void requiredAndUnknown() {
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                Store.open(
                    new R2DriverProvider(),
                    DriverConfig.builder().set("bucket", "shop").set("regoin", "auto").build(),
                    DriverContext.create()));
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.getMessage()).contains("accountId", "regoin");
  }

  @Test
  @DisplayName(
      "Blank keys are refused; the AWS default chain only when chosen, and never with keys")
  void credentials() {
    DriverConfig.Builder noKeys =
        DriverConfig.builder()
            .set(R2DriverProvider.ACCOUNT_ID, ACCOUNT)
            .set(R2DriverProvider.BUCKET, "shop");
    assertThat(refused(c -> noKeys).getMessage())
        .contains("accessKeyId", "secretAccessKey", "credentials=default-chain");
    try (Store store =
        Store.open(
            new R2DriverProvider(),
            noKeys.set(R2DriverProvider.CREDENTIALS, "default-chain").build(),
            DriverContext.builder().allowHostCredentials(true).build())) {
      assertThat(store.location()).isEqualTo("shop");
    }
    assertThat(refused(c -> c.set(R2DriverProvider.CREDENTIALS, "default-chain")).getMessage())
        .contains("contradict");
  }

  @Test
  @DisplayName("An endpoint override written as a refused address never opens, naming the switch")
  void endpointPolicy() {
    assertThat(
            refused(c -> c.set(R2DriverProvider.ENDPOINT, "http://[::ffff:169.254.169.254]/"))
                .getMessage())
        .contains("endpoint", "never allowed");
    assertThat(refused(c -> c.set(R2DriverProvider.ENDPOINT, "http://127.0.0.1:9000")).getMessage())
        .contains("DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback())");
    try (Store store =
        Store.open(
            new R2DriverProvider(),
            minimal().set(R2DriverProvider.ENDPOINT, "http://127.0.0.1:9000").build(),
            DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())) {
      assertThat(store.unwrap(R2StorageDriver.class).endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  @DisplayName("The S3 core's own checks still apply, naming the same settings")
  void coreChecks() {
    assertThat(refused(c -> c.set(R2DriverProvider.PART_SIZE, "1MiB")).getMessage())
        .contains("partSize", "5 MiB");
    assertThat(
            refused(
                    c ->
                        DriverConfig.builder()
                            .set(R2DriverProvider.ACCOUNT_ID, ACCOUNT)
                            .set(R2DriverProvider.BUCKET, "shop")
                            .secret(R2DriverProvider.ACCESS_KEY_ID, "key-only"))
                .getMessage())
        .contains("secretAccessKey");
  }

  @Test
  @DisplayName(
      "Public links are the public base URL plus the percent-encoded key, and empty without one")
  void publicUrl() {
    try (Store store =
        open(c -> c.set(R2DriverProvider.PUBLIC_BASE_URL, "https://files.shop.example/dl/"))) {
      R2StorageDriver r2 = store.unwrap(R2StorageDriver.class);
      assertThat(r2.publicUrl("products/App 1.0 (beta)+ü.zip"))
          .contains(
              URI.create(
                  "https://files.shop.example/dl/products/App%201.0%20%28beta%29%2B%C3%BC.zip"));
      assertThat(r2.publicUrl("a%20b"))
          .contains(URI.create("https://files.shop.example/dl/a%2520b"));
      StorageException e =
          catchThrowableOfType(StorageException.class, () -> r2.publicUrl("../etc/passwd"));
      assertThat(e.code()).isEqualTo(Code.INVALID_KEY);
    }
    try (Store store =
        open(c -> c.set(R2DriverProvider.PUBLIC_BASE_URL, "https://pub-abc123.r2.dev"))) {
      // The host needs no driver class: the Store hands the link out, with the same rules.
      assertThat(store.publicUrl("a.txt")).contains(URI.create("https://pub-abc123.r2.dev/a.txt"));
      assertThat(catchThrowableOfType(StorageException.class, () -> store.publicUrl("a/../b")))
          .satisfies(e -> assertThat(e.code()).isEqualTo(Code.INVALID_KEY));
      assertThat(store.signedUrlHandler()).isEmpty();
    }
    try (Store store = open(c -> c)) {
      assertThat(store.publicUrl("a.txt")).isEmpty();
    }
  }

  @Test
  @DisplayName("The S3 API endpoint is refused as the public base URL: it serves nothing unsigned")
  void apiEndpointIsNotPublic() {
    assertThat(
            refused(
                    c ->
                        c.set(
                            R2DriverProvider.PUBLIC_BASE_URL,
                            "https://" + ACCOUNT + ".r2.cloudflarestorage.com/shop"))
                .getMessage())
        .contains("custom domain", "r2.dev");
  }

  @Test
  @DisplayName("The r2 driver is found by discovery, beside s3, each with its own badge")
  void discovered() {
    DriverRegistry registry = DriverRegistry.load();
    assertThat(registry.ids()).contains("r2", "s3");
    assertThat(registry.provider("r2").descriptor().badge().label()).isEqualTo("R2");
    assertThat(registry.provider("r2").descriptor().displayName()).isEqualTo("Cloudflare R2");
    assertThat(registry.provider("s3").descriptor().badge().label()).isEqualTo("S3");
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  @DisplayName("Nothing secret shows in the driver's or the store's description")
  void noSecretsShown() {
    try (Store store = open(c -> c)) {
      assertThat(store.toString() + store.unwrap(R2StorageDriver.class) + store.config())
          .doesNotContain("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
          .doesNotContain("=secret");
    }
  }
}
