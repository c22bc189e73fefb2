package dev.stowage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.s3.sigv4.S3Endpoint;
import dev.stowage.s3.sigv4.SigV4Presigner;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * One long-lived store whose credentials rotate under it (STS, an instance role): every request and
 * every link uses the credentials current at that moment, and a link reports when it really dies,
 * which with temporary credentials may be before its TTL ends.
 */
class S3CredentialRotationTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final HttpClient http = HttpClient.newHttpClient();

  /** The s3 driver, with its credentials from {@code credentials} rather than its settings. */
  private static StorageDriverProvider withCredentials(RotatingCredentials credentials) {
    S3DriverProvider s3 = new S3DriverProvider();
    return new StorageDriverProvider() {
      @Override
      public DriverDescriptor descriptor() {
        return s3.descriptor();
      }

      @Override
      public ConfigSchema configSchema() {
        return s3.configSchema();
      }

      @Override
      public StorageDriver open(DriverConfig config, DriverContext context) {
        return S3StorageDriver.open(
            S3Settings.from(config), S3Dialect.amazon(), context, List.of(), credentials);
      }
    };
  }

  private static AwsCredentials session(String token, Instant expires) {
    return AwsSessionCredentials.builder()
        .accessKeyId(S3.server().accessKey())
        .secretAccessKey(S3.server().secretKey())
        .sessionToken(token)
        .expirationTime(expires)
        .build();
  }

  private static Instant signedAt(String url) {
    int at = url.indexOf("X-Amz-Date=") + "X-Amz-Date=".length();
    return LocalDateTime.parse(url.substring(at, at + 16), AMZ_DATE).toInstant(ZoneOffset.UTC);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The embedded server's keys, expiring: what a rotating provider hands out (the embedded server
   * knows no session tokens, so the token case is checked on the URL alone).
   */
  private record ExpiringKeys(String accessKeyId, String secretAccessKey, Instant expires)
      implements AwsCredentials {
    @Override
    public Optional<Instant> expirationTime() {
      return Optional.of(expires);
    }
  }

  private static AwsCredentials serverKeys(Instant expires) {
    return new ExpiringKeys(S3.server().accessKey(), S3.server().secretKey(), expires);
  }

  @Test
  @DisplayName(
      "a long-lived store signs each link with the current credentials and reports its true"
          + " expiry; the links work")
  void followsRotation() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant soon = now.plus(Duration.ofMinutes(10));
    RotatingCredentials credentials = new RotatingCredentials(serverKeys(soon));
    String bucket = S3.newBucket();
    try (Store store =
        Store.open(
            withCredentials(credentials),
            TestConfigs.embedded(S3.server(), bucket).build(),
            TestConfigs.loopback())) {
      store.upload(UploadRequest.of("a.txt"), "first".getBytes(UTF_8));

      // Credentials that die in 10 minutes: a 1-hour link dies with them.
      PresignedRequest first = store.presign(PresignRequest.get("a.txt", Duration.ofHours(1)));
      assertThat(first.expiresAt()).isEqualTo(soon);
      assertThat(get(first.url()).body()).isEqualTo("first");

      // Rotated to credentials that outlive the TTL: the TTL decides.
      int before = credentials.resolved();
      credentials.rotateTo(serverKeys(now.plus(Duration.ofHours(3))));
      store.upload(UploadRequest.of("b.txt"), "second".getBytes(UTF_8));
      assertThat(credentials.resolved()).as("the client asked again").isGreaterThan(before);
      PresignedRequest second = store.presign(PresignRequest.get("b.txt", Duration.ofHours(1)));
      assertThat(second.expiresAt()).isEqualTo(signedAt(second.url()).plus(Duration.ofHours(1)));
      assertThat(get(second.url()).body()).isEqualTo("second");

      // Long-term keys: no expiration of their own.
      credentials.rotateTo(
          AwsBasicCredentials.create(S3.server().accessKey(), S3.server().secretKey()));
      PresignedRequest third = store.presign(PresignRequest.get("a.txt", Duration.ofMinutes(5)));
      assertThat(third.url()).doesNotContain("X-Amz-Security-Token");
      assertThat(third.expiresAt()).isEqualTo(signedAt(third.url()).plus(Duration.ofMinutes(5)));
      assertThat(get(third.url()).statusCode()).isEqualTo(200);

      // Session credentials: each link carries the current token and dies with it.
      credentials.rotateTo(session("token-one", soon));
      PresignedRequest fourth = store.presign(PresignRequest.get("a.txt", Duration.ofHours(1)));
      assertThat(fourth.url()).contains("X-Amz-Security-Token=token-one");
      assertThat(fourth.expiresAt()).isEqualTo(soon);
      credentials.rotateTo(session("token-two", now.plus(Duration.ofHours(3))));
      PresignedRequest fifth = store.presign(PresignRequest.get("a.txt", Duration.ofHours(1)));
      assertThat(fifth.url()).contains("X-Amz-Security-Token=token-two").doesNotContain("one");
      assertThat(fifth.expiresAt()).isEqualTo(signedAt(fifth.url()).plus(Duration.ofHours(1)));

      // A browser form signed with short-lived credentials is capped the same way.
      credentials.rotateTo(session("token-three", soon));
      PresignedPost post =
          store.presignPost(PostPolicyRequest.exactKey("up/x.bin", 1024, Duration.ofHours(2)));
      assertThat(post.fields()).containsEntry("x-amz-security-token", "token-three");
      assertThat(post.expiresAt()).isEqualTo(soon);
    }
  }

  @Test
  @DisplayName("a new access key replaces the derived signing key: each URL is the new key's")
  void newKeyReplacesTheSigningKey() {
    Instant at = Instant.parse("2026-11-23T10:00:00Z");
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    AwsCredentials a = AwsBasicCredentials.create("AKIAFIRSTKEY0000", "first/secret");
    AwsCredentials b = AwsBasicCredentials.create("AKIASECONDKEY000", "second/secret");
    RotatingCredentials credentials = new RotatingCredentials(a);
    SigV4UrlPresigner presigner =
        new SigV4UrlPresigner(credentials, "shop", "eu-west-1", null, clock);
    for (AwsCredentials current : List.of(a, b, a, b)) {
      credentials.rotateTo(current);
      // A provider may hand out equal credentials in a new object each time: same URL.
      credentials.rotateTo(
          AwsBasicCredentials.create(current.accessKeyId(), current.secretAccessKey()));
      String url = presigner.presign(PresignRequest.get("a.zip", Duration.ofMinutes(15))).url();
      String fresh =
          new SigV4Presigner(
                  current.accessKeyId(),
                  current.secretAccessKey(),
                  null,
                  "eu-west-1",
                  "s3",
                  S3Endpoint.aws("eu-west-1"),
                  clock)
              .presign("GET", "shop", "a.zip", 900, null, null, null);
      assertThat(url).isEqualTo(fresh).contains(current.accessKeyId());
    }
  }
}
