package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignedPost;
import dev.stowage.Store;
import dev.stowage.testkit.BrowserForm;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browser form uploads against the embedded S3 server, with the form built exactly as the returned
 * fields say: what the policy allows is stored, anything else is refused and leaves nothing.
 */
@DisplayName("Browser POST uploads: the policy decides, the server enforces")
class S3PostPolicyTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();
  private static final Duration TTL = Duration.ofMinutes(10);
  private final HttpClient http = HttpClient.newHttpClient();
  private Store store;

  @BeforeEach
  void open() {
    store =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(S3.server(), S3.newBucket()).build(),
            TestConfigs.loopback());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private HttpResponse<String> post(
      PresignedPost post, Map<String, String> fields, String fileName, String type, byte[] file)
      throws Exception {
    return http.send(
        BrowserForm.of(fields, fileName, type, file).request(post.uri()),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'x');
    return b;
  }

  @Test
  @DisplayName("the fields come in form order with the policy, credential and signature")
  void fields() {
    PresignedPost post =
        store.presignPost(
            PostPolicyRequest.keyPrefix("uploads/", 1000, TTL).toBuilder()
                .contentTypePrefix("image/")
                .build());
    assertThat(post.fields().keySet())
        .containsExactly(
            "key",
            "success_action_status",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "policy",
            "x-amz-signature");
    assertThat(post.fields().get("key")).isEqualTo("uploads/${filename}");
    String policy =
        new String(Base64.getDecoder().decode(post.fields().get("policy")), StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("[\"starts-with\",\"$key\",\"uploads/\"]")
        .contains("[\"content-length-range\",0,1000]")
        .contains("[\"starts-with\",\"$Content-Type\",\"image/\"]");
    assertThat(post.toString()).doesNotContain(post.fields().get("x-amz-signature"));
  }

  @Test
  @DisplayName("a file under a prefix, within the size range, is stored under its own name")
  void prefixUpload() throws Exception {
    PresignedPost post =
        store.presignPost(
            PostPolicyRequest.keyPrefix("uploads/", 1000, TTL).toBuilder()
                .contentTypePrefix("image/")
                .build());
    Map<String, String> fields = new LinkedHashMap<>(post.fields());
    fields.put("Content-Type", "image/png");
    HttpResponse<String> response = post(post, fields, "photo 1.png", "image/png", bytes(500));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(store.stat("uploads/photo 1.png").size()).isEqualTo(500);
  }

  @Test
  @DisplayName(
      "over the size range, outside the prefix, or with a bad signature: refused, nothing stored")
  void refusals() throws Exception {
    PresignedPost post = store.presignPost(PostPolicyRequest.keyPrefix("uploads/", 100, TTL));

    HttpResponse<String> tooBig =
        post(post, post.fields(), "big.bin", "application/octet-stream", bytes(101));
    assertThat(tooBig.statusCode()).as(tooBig.body()).isBetween(400, 499);

    Map<String, String> outside = new LinkedHashMap<>(post.fields());
    outside.put("key", "elsewhere/${filename}");
    HttpResponse<String> wrongKey =
        post(post, outside, "a.bin", "application/octet-stream", bytes(10));
    assertThat(wrongKey.statusCode()).as(wrongKey.body()).isEqualTo(403);

    Map<String, String> forged = new LinkedHashMap<>(post.fields());
    String sig = forged.get("x-amz-signature");
    forged.put("x-amz-signature", (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1));
    HttpResponse<String> badSignature =
        post(post, forged, "b.bin", "application/octet-stream", bytes(10));
    assertThat(badSignature.statusCode()).as(badSignature.body()).isEqualTo(403);

    assertThat(store.listAll("").toList()).isEmpty();
    assertThat(List.of(tooBig, wrongKey, badSignature)).hasSize(3);
  }

  @Test
  @DisplayName(
      "metadata the policy names is required, stored, and encryption is part of the policy")
  void metadataAndEncryption() throws Exception {
    PresignedPost post =
        store.presignPost(
            PostPolicyRequest.exactKey("uploads/tagged.bin", 1000, TTL).toBuilder()
                .metadata(Map.of("customer", "42"))
                .build());
    assertThat(post.fields()).containsEntry("x-amz-meta-customer", "42");

    Map<String, String> missing = new LinkedHashMap<>(post.fields());
    missing.remove("x-amz-meta-customer");
    HttpResponse<String> refused =
        post(post, missing, "t.bin", "application/octet-stream", bytes(10));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(store.exists("uploads/tagged.bin")).isFalse();

    HttpResponse<String> ok =
        post(post, post.fields(), "t.bin", "application/octet-stream", bytes(10));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(store.stat("uploads/tagged.bin").metadata()).containsEntry("customer", "42");

    PresignedPost encrypted =
        store.presignPost(
            PostPolicyRequest.exactKey("uploads/e.bin", 10, TTL).toBuilder()
                .serverSideEncryption("AES256")
                .build());
    String policy =
        new String(
            Base64.getDecoder().decode(encrypted.fields().get("policy")), StandardCharsets.UTF_8);
    assertThat(policy).contains("{\"x-amz-server-side-encryption\":\"AES256\"}");
    assertThat(encrypted.fields()).containsEntry("x-amz-server-side-encryption", "AES256");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                    dev.stowage.StorageException.class,
                    () ->
                        store.presignPost(
                            PostPolicyRequest.exactKey("uploads/e.bin", 10, TTL).toBuilder()
                                .serverSideEncryption("rot13")
                                .build()))
                .code())
        .isEqualTo(dev.stowage.StorageException.Code.INVALID_ARGUMENT);
  }
}
