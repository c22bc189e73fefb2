package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.DriverConfig;
import dev.stowage.PresignRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host serving local signed links from its own HTTP server, through the Store alone. */
class HostMountedHandlerTest {

  @TempDir Path root;

  @Test
  @DisplayName("Store.signedUrlHandler() serves the store's links where the host mounts it")
  void mountedByTheHost() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/downloads";
    try (Store store =
        Store.open(
            "local",
            DriverConfig.builder()
                .set("root", root.toString())
                .set("publicBaseUrl", base)
                .secret("signingKey", "a-signing-key-of-32-characters!!")
                .build())) {
      server.createContext("/downloads", store.signedUrlHandler().orElseThrow());
      server.start();
      store.upload(UploadRequest.of("products/app 1.0.zip"), "zip bytes".getBytes(UTF_8));

      String link =
          store.presign(PresignRequest.get("products/app 1.0.zip", Duration.ofMinutes(5))).url();
      var response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(link)).build(), BodyHandlers.ofString());

      assertThat(link).startsWith(base + "/products/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("zip bytes");
    } finally {
      server.stop(0);
    }
  }

  @Test
  @DisplayName("Without signed URLs set up there is no handler to mount, and no public link")
  void noneWithoutSignedUrls() {
    try (Store store =
        Store.open("local", DriverConfig.builder().set("root", root.toString()).build())) {
      assertThat(store.signedUrlHandler()).isEmpty();
      assertThat(store.publicUrl("products/app.zip")).isEmpty();
    }
  }
}
