package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.BrowserForm;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload links through the hub: a browser sends the bytes straight to the upload target (a signed
 * PUT, or a form with a size limit), the host confirms, and the file is then known to the hub and
 * served through its reference like one uploaded through it. Real drivers: S3 on the embedded S3
 * server (signatures enforced) and the local driver's link server.
 */
class UploadLinksTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Set<String> RESTRICTED_HEADERS = Set.of("host", "content-length");

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private final InMemoryConnectionStore store = new InMemoryConnectionStore();
  private StorageHub hub;

  @BeforeEach
  void open() {
    EmbeddedS3Server server = S3.server();
    hub =
        StorageHub.builder()
            .connectionStore(store)
            .sealer(new TestSealer())
            .driverContext(
                DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
            .build();
    hub.add(
        ConnectionSpec.builder("s3-main", "s3")
            .set("bucket", S3.newBucket())
            .set("endpoint", server.endpoint().toString())
            .set("region", server.region())
            .secret("accessKeyId", server.accessKey())
            .secret("secretAccessKey", server.secretKey())
            .build());
    hub.add(
        ConnectionSpec.builder("disk", "local")
            .set("root", dir.resolve("disk").toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", "a-signing-key-for-the-local-links-0001")
            .build());
    hub.add(
        ConnectionSpec.builder("plain-disk", "local")
            .set("root", dir.resolve("plain").toString())
            .build());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("S3: a signed PUT through the hub, confirmed, then stat and download by reference")
  void putLinkOnS3() throws Exception {
    putLinkRoundTrip("s3-main");
  }

  @Test
  @DisplayName(
      "local: a signed PUT through the hub, confirmed, then stat and download by reference")
  void putLinkOnLocal() throws Exception {
    putLinkRoundTrip("disk");
  }

  private void putLinkRoundTrip(String target) throws Exception {
    hub.switchUploadTarget(target);
    PresignedUpload link =
        hub.presignUpload(
            PresignRequest.put("in/report 1.txt", TTL).toBuilder()
                .contentType("text/plain")
                .build());
    assertThat(link.ref()).hasToString("stowage://" + target + "/in/report%201.txt");
    assertThat(link.toString()).doesNotContain(link.request().url());
    failsWith(Code.NOT_FOUND, () -> hub.confirmUpload(link.ref()));
    assertThat(store.file(target, 1, "in/report 1.txt")).isEmpty();

    byte[] bytes = "sent by the browser".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put = send(link.request(), link.request().url(), bytes);
    assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);

    StoredFile confirmed = hub.confirmUpload(FileRef.parse(link.ref().toString()));
    assertThat(confirmed.ref()).isEqualTo(link.ref());
    assertThat(confirmed.size()).isEqualTo(bytes.length);
    assertThat(confirmed.contentType()).isEqualTo("text/plain");
    FileRecord known = store.file(target, 1, "in/report 1.txt").orElseThrow();
    assertThat(known.size()).isEqualTo(bytes.length);
    assertThat(known.contentType()).isEqualTo("text/plain");
    assertThat(known.etag()).isEqualTo(confirmed.etag());

    assertThat(hub.stat(link.ref()).size()).isEqualTo(bytes.length);
    try (ObjectContent content = hub.download(link.ref())) {
      assertThat(content.stream().readAllBytes()).isEqualTo(bytes);
    }
    // Known now: removing the connection is refused while it holds the file.
    failsWith(Code.PRECONDITION_FAILED, () -> hub.remove(target));
  }

  @Test
  @DisplayName(
      "S3: a form upload with a size limit; too large refused by the server, right size confirmed")
  void postFormWithSizeLimit() throws Exception {
    hub.switchUploadTarget("s3-main");
    PresignedPostUpload form = hub.presignPost(PostPolicyRequest.keyPrefix("in/", 100, TTL));
    assertThat(form.connectionId()).isEqualTo("s3-main");
    assertThat(form.location()).isEqualTo(1);

    HttpResponse<String> tooBig = post(form, "big.bin", bytes(101));
    assertThat(tooBig.statusCode()).as(tooBig.body()).isBetween(400, 499);
    failsWith(Code.NOT_FOUND, () -> hub.confirmUpload(form.ref("in/big.bin")));

    HttpResponse<String> fits = post(form, "fits.bin", bytes(100));
    assertThat(fits.statusCode()).as(fits.body()).isBetween(200, 299);
    StoredFile confirmed = hub.confirmUpload(form.ref("in/fits.bin"));
    assertThat(confirmed.ref()).hasToString("stowage://s3-main/in/fits.bin");
    assertThat(confirmed.size()).isEqualTo(100);
    assertThat(store.file("s3-main", 1, "in/fits.bin")).isPresent();
    try (ObjectContent content = hub.download(confirmed.ref())) {
      assertThat(content.stream().readAllBytes()).isEqualTo(bytes(100));
    }

    // The form allows only keys under its prefix; an exact-key form only its key.
    failsWith(Code.INVALID_ARGUMENT, () -> form.ref("elsewhere/fits.bin"));
    PresignedPostUpload exact =
        hub.presignPost(PostPolicyRequest.exactKey("in/avatar.png", 1000, TTL));
    assertThat(exact.ref("in/avatar.png")).hasToString("stowage://s3-main/in/avatar.png");
    failsWith(Code.INVALID_ARGUMENT, () -> exact.ref("in/avatar.png.exe"));
  }

  @Test
  @DisplayName("S3: a link signed for one key does not upload to another")
  void linkForOneKeyFailsForAnotherOnS3() throws Exception {
    linkForOneKeyFailsForAnother("s3-main");
  }

  @Test
  @DisplayName("local: a link signed for one key does not upload to another")
  void linkForOneKeyFailsForAnotherOnLocal() throws Exception {
    linkForOneKeyFailsForAnother("disk");
  }

  private void linkForOneKeyFailsForAnother(String target) throws Exception {
    hub.switchUploadTarget(target);
    PresignedUpload link = hub.presignUpload(PresignRequest.put("in/allowed.txt", TTL));
    String url = link.request().url();
    assertThat(url).contains("/in/allowed.txt");
    String forged = url.replace("/in/allowed.txt", "/in/other.txt");

    HttpResponse<String> put = send(link.request(), forged, bytes(10));
    assertThat(put.statusCode()).as(put.body()).isBetween(400, 499);
    failsWith(Code.NOT_FOUND, () -> hub.confirmUpload(FileRef.of(target, "in/other.txt")));
    failsWith(Code.NOT_FOUND, () -> hub.confirmUpload(link.ref()));
  }

  @Test
  @DisplayName("upload links need an enabled target whose provider signs them")
  void refusals() {
    PresignRequest put = PresignRequest.put("in/a.txt", TTL);
    PostPolicyRequest form = PostPolicyRequest.exactKey("in/a.txt", 100, TTL);
    failsWith(Code.PRECONDITION_FAILED, () -> hub.presignUpload(put));
    failsWith(Code.PRECONDITION_FAILED, () -> hub.presignPost(form));

    hub.switchUploadTarget("disk");
    failsWith(Code.INVALID_ARGUMENT, () -> hub.presignUpload(PresignRequest.get("in/a.txt", TTL)));
    failsWith(Code.UNSUPPORTED, () -> hub.presignPost(form)); // the local driver takes no forms

    hub.switchUploadTarget("plain-disk"); // no signing key: no links at all
    assertThat(hub.capabilities("plain-disk").presignMethods()).isEmpty();
    failsWith(Code.UNSUPPORTED, () -> hub.presignUpload(put));

    hub.switchUploadTarget("s3-main");
    hub.disable("s3-main");
    failsWith(Code.PRECONDITION_FAILED, () -> hub.presignUpload(put));
    failsWith(Code.PRECONDITION_FAILED, () -> hub.presignPost(form));
  }

  private HttpResponse<String> send(PresignedRequest link, String url, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(link.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
    link.headers()
        .forEach(
            (name, value) -> {
              if (!RESTRICTED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                request.header(name, value);
              }
            });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(PresignedPostUpload form, String fileName, byte[] file)
      throws Exception {
    Map<String, String> fields = form.post().fields();
    return http.send(
        BrowserForm.of(fields, fileName, "application/octet-stream", file)
            .request(form.post().uri()),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'x');
    return b;
  }
}
