package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Signed URLs served by the embedded server reach the driver")
class SignedUrlTest {

  @TempDir Path root;
  Store store;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    store =
        TestStores.open(
            DriverConfig.builder()
                .set("root", root.toString())
                .set("listen", "127.0.0.1:0")
                .set("maxUploadBytes", "1000")
                .secret("signingKey", "0123456789abcdef0123456789abcdef")
                .build());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("a listen port that is not a number or out of range is a CONFIG_INVALID setting")
  void badListenPort() {
    for (String listen : new String[] {"127.0.0.1:http", "127.0.0.1:99999", "8080"}) {
      DriverConfig config =
          DriverConfig.builder()
              .set("root", root.toString())
              .set("listen", listen)
              .secret("signingKey", "0123456789abcdef0123456789abcdef")
              .build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestStores.open(config).close())
          .as(listen)
          .isInstanceOfSatisfying(
              dev.stowage.StorageException.class,
              e -> assertThat(e.code()).isEqualTo(dev.stowage.StorageException.Code.CONFIG_INVALID))
          .hasMessageContaining("'listen'");
    }
  }

  @Test
  @DisplayName("capabilities offer GET, PUT, HEAD and DELETE, and no POST policies")
  void capabilities() {
    assertThat(store.capabilities().presignMethods())
        .containsExactlyInAnyOrder(
            HttpMethod.GET, HttpMethod.PUT, HttpMethod.HEAD, HttpMethod.DELETE);
    assertThat(store.capabilities().presignPost()).isFalse();
  }

  @Test
  @DisplayName("a signed PUT stores the body, a signed ranged GET reads part of it")
  void putThenRangedGet() throws Exception {
    PresignedRequest put =
        store.presign(
            PresignRequest.put("up/loaded.txt", Duration.ofMinutes(5)).toBuilder()
                .contentType("text/plain")
                .build());
    HttpResponse<String> stored =
        http.send(
            HttpRequest.newBuilder(put.uri())
                .header("Content-Type", "text/plain")
                .PUT(BodyPublishers.ofString("hello signed world"))
                .build(),
            BodyHandlers.ofString());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(store.stat("up/loaded.txt").contentType()).contains("text/plain");

    PresignedRequest get =
        store.presign(PresignRequest.get("up/loaded.txt", Duration.ofMinutes(5)));
    HttpResponse<String> part =
        http.send(
            HttpRequest.newBuilder(get.uri()).header("Range", "bytes=6-11").build(),
            BodyHandlers.ofString());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("signed");
  }

  @Test
  @DisplayName("a signed PUT over the size limit stores nothing and leaves no temporary file")
  void oversizedPut() throws Exception {
    store.upload(UploadRequest.of("big.bin"), "old".getBytes(UTF_8));
    PresignedRequest put = store.presign(PresignRequest.put("big.bin", Duration.ofMinutes(5)));
    // No Content-Length (a stream): the limit trips midway through the driver's upload.
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(put.uri())
                .header("Content-Type", "application/octet-stream")
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000])))
                .build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(new String(store.readAllBytes("big.bin"), UTF_8)).isEqualTo("old");
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("a signed DELETE removes the object")
  void signedDelete() throws Exception {
    store.upload(UploadRequest.of("gone/soon.txt"), "x".getBytes(UTF_8));
    PresignedRequest delete =
        store.presign(
            PresignRequest.builder(HttpMethod.DELETE, "gone/soon.txt", Duration.ofMinutes(5))
                .build());
    HttpResponse<Void> response =
        http.send(HttpRequest.newBuilder(delete.uri()).DELETE().build(), BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(store.exists("gone/soon.txt")).isFalse();
  }

  @Test
  @DisplayName("a link holder sees a status and a generic text, never the driver's message")
  void genericErrorText() throws Exception {
    PresignedRequest get =
        store.presign(PresignRequest.get("missing/file.txt", Duration.ofMinutes(5)));
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(get.uri()).build(), BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Not found");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  @DisplayName("an inline download forbids scripts by CSP; an attachment gets nosniff only")
  void inlineDownloadsCannotRunScripts() throws Exception {
    store.upload(
        UploadRequest.builder("page.html").contentType("text/html").build(),
        "<script>alert(1)</script>".getBytes(UTF_8));
    PresignedRequest inline = store.presign(PresignRequest.get("page.html", Duration.ofMinutes(5)));
    HttpResponse<String> shown =
        http.send(HttpRequest.newBuilder(inline.uri()).build(), BodyHandlers.ofString());
    assertThat(shown.headers().firstValue("Content-Security-Policy"))
        .hasValue("default-src 'none'; sandbox");
    assertThat(shown.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    PresignedRequest download =
        store.presign(
            PresignRequest.get("page.html", Duration.ofMinutes(5)).toBuilder()
                .downloadFilename("page.html")
                .build());
    HttpResponse<String> saved =
        http.send(HttpRequest.newBuilder(download.uri()).build(), BodyHandlers.ofString());
    assertThat(saved.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");
    assertThat(saved.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }
}
