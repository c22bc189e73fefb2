package dev.stowage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Keys;
import dev.stowage.Store;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keys whose request path holds {@code //} against the embedded server, which checks signatures on
 * the raw request path as AWS and other S3-compatible servers do: the driver's HTTP client must put
 * the path on the wire exactly as the SDK signed it. Written by the driver's own SDK client (the
 * strict key rule refuses them to {@code Store.upload}, as a foreign tool's keys), then stat'ed,
 * downloaded and deleted through {@link Store}; every step is a signed request on that path.
 */
class S3RawPathKeysTest {

  private static EmbeddedS3Server server;

  @BeforeAll
  static void start() {
    // Exact keys: the plain file-system store would fold a//b into a/b.
    server = EmbeddedS3Server.startWithExactKeys();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"a//b", "/a", "x///y//", "//lead/and//inner"})
  @DisplayName(
      "A key with '//' in its path uploads, stats, downloads and deletes, signature intact")
  void roundTrip(String key) {
    String bucket = "raw-" + Long.toHexString(System.nanoTime());
    server.createBucket(bucket);
    byte[] body = ("body of " + key).getBytes(UTF_8);
    try (Store store =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(server, bucket).build(),
            TestConfigs.loopback())) {
      S3Client s3 = store.unwrap(S3StorageDriver.class).client();
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
      assertThat(
              s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                  .map(o -> o.key())
                  .toList())
          .as("stored under its own name")
          .isEqualTo(List.of(key));

      assertThat(store.stat(key).size()).as(Keys.printable(key)).isEqualTo(body.length);
      assertThat(store.readAllBytes(key)).isEqualTo(body);
      store.delete(key);
      assertThat(store.exists(key)).isFalse();
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
  }
}
