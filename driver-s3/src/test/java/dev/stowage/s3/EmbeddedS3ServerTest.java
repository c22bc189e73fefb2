package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The testkit's embedded server, through the plain SDK: a real, authenticating S3 endpoint that
 * lists in AWS's order.
 */
class EmbeddedS3ServerTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  /** The driver's own HTTP client; the SDK does not close a client it was handed. */
  private static final SdkHttpClient HTTP =
      S3ClientFactory.httpClient(EndpointPolicy.allowLoopback(), NameLookup.SYSTEM);

  @AfterAll
  static void closeHttp() {
    HTTP.close();
  }

  private static S3Client client(EmbeddedS3Server server, String secret) {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .forcePathStyle(true)
        .httpClient(HTTP)
        .region(Region.of(server.region()))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKey(), secret)))
        .build();
  }

  @Test
  @DisplayName("Lists keys in UTF-8 byte order, across pages, as AWS does")
  void utf8Order() {
    String bucket = S3.newBucket();
    List<String> keys = List.of("a\uFF61", "a😀", "a-c", "a/b", "a~");
    try (S3Client s3 = client(S3.server(), S3.server().secretKey())) {
      keys.forEach(k -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k)));
      List<String> all =
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(2)).contents().stream()
              .map(S3Object::key)
              .toList();
      assertThat(all).containsExactly("a-c", "a/b", "a~", "a\uFF61", "a😀");
      assertThat(
              s3.listObjectsV2(b -> b.bucket(bucket).startAfter("a~")).contents().stream()
                  .map(S3Object::key))
          .containsExactly("a\uFF61", "a😀");
    }
  }

  @Test
  @DisplayName("Refuses a wrong secret with 403 SignatureDoesNotMatch")
  void checksSignatures() {
    String bucket = S3.newBucket();
    try (S3Client s3 = client(S3.server(), "wrong" + S3.server().secretKey().substring(5))) {
      S3Exception e =
          catchThrowableOfType(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket(bucket)));
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    }
  }

  @Test
  @DisplayName("Each start gets a fresh key pair and port; close deletes everything it stored")
  void freshAndCleanedUp() {
    Path directory;
    try (EmbeddedS3Server other = EmbeddedS3Server.start()) {
      assertThat(other.endpoint()).isNotEqualTo(S3.server().endpoint());
      assertThat(other.accessKey()).isNotEqualTo(S3.server().accessKey());
      assertThat(other.region()).isEqualTo("us-east-1");
      other.createBucket("scratch");
      try (S3Client s3 = client(other, other.secretKey())) {
        s3.putObject(b -> b.bucket("scratch").key("x"), RequestBody.fromString("x"));
      }
      directory = other.directory();
      assertThat(directory).isDirectory();
    }
    assertThat(Files.exists(directory)).isFalse();
  }

  @Nested
  @DisplayName("In a nested class")
  class Inner {
    @Test
    @DisplayName("the outer class's server is still the one running")
    void sameServer() {
      assertThat(S3.server().endpoint()).isNotNull();
      assertThat(S3.newBucket()).startsWith("test-");
    }
  }
}
