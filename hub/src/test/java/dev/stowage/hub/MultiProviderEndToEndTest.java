package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.Page;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first "done when": local disk, S3 and R2 (both on the embedded S3 server, R2 through
 * its {@code endpoint} setting) in one hub; uploads through each as the target, a target switch, a
 * disabled connection, a key rotation and a bucket change, and every earlier reference still stats,
 * downloads and presigns, with the right badge on every listed file.
 *
 * <p>The embedded server knows two identities: its full key pair and a download-only one. The S3
 * connection's keys are rotated to the download-only pair (writes are then denied, which shows the
 * new keys are the ones in use) and back to the full pair together with the new bucket.
 */
class MultiProviderEndToEndTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final String R2_ACCOUNT = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  @Test
  @DisplayName(
      "local, S3 and R2 at once: references survive target switch, disable, rotation, new bucket")
  void endToEnd() throws Exception {
    EmbeddedS3Server server = S3.server();
    String s3Bucket = S3.newBucket();
    String s3NewBucket = S3.newBucket();
    String r2Bucket = S3.newBucket();
    CountingDrivers drivers = new CountingDrivers();
    InMemoryConnectionStore store = new InMemoryConnectionStore();
    DriverContext loopback =
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();

    try (StorageHub hub =
        StorageHub.builder()
            .connectionStore(store)
            .sealer(new TestSealer())
            .driverRegistry(drivers.registry)
            .driverContext(loopback)
            .build()) {
      hub.add(
          ConnectionSpec.builder("local", "local")
              .label("This server's disk")
              .set("root", dir.resolve("files").toString())
              .set("listen", "127.0.0.1:0")
              .secret("signingKey", "a-signing-key-for-the-local-links-0001")
              .build());
      hub.add(
          ConnectionSpec.builder("s3-main", "s3")
              .label("Amazon S3")
              .set("bucket", s3Bucket)
              .set("endpoint", server.endpoint().toString())
              .set("region", server.region())
              .secret("accessKeyId", server.accessKey())
              .secret("secretAccessKey", server.secretKey())
              .build());
      hub.add(
          ConnectionSpec.builder("r2-eu", "r2")
              .label("Cloudflare R2")
              .set("accountId", R2_ACCOUNT)
              .set("bucket", r2Bucket)
              .set("endpoint", server.endpoint().toString())
              .secret("accessKeyId", server.accessKey())
              .secret("secretAccessKey", server.secretKey())
              .build());

      // Each connection in turn is the upload target.
      Map<StoredFile, byte[]> files = new LinkedHashMap<>();
      for (String id : List.of("local", "s3-main", "r2-eu")) {
        hub.switchUploadTarget(id);
        for (String name : List.of("products/app-1.0.zip", "products/read me.txt")) {
          byte[] bytes = (id + " holds " + name).getBytes(StandardCharsets.UTF_8);
          StoredFile file =
              hub.upload(
                  UploadRequest.builder(name)
                      .contentType(name.endsWith(".zip") ? "application/zip" : "text/plain")
                      .build(),
                  bytes);
          assertThat(file.connectionId()).isEqualTo(id);
          assertThat(file.ref().connectionId()).isEqualTo(id);
          assertThat(file.ref().location()).isEqualTo(1);
          assertThat(file.size()).isEqualTo(bytes.length);
          files.put(file, bytes);
        }
      }
      assertThat(hub.uploadTarget()).contains("r2-eu");
      assertThat(files.keySet())
          .extracting(f -> f.badge().label())
          .containsExactly("Local", "Local", "S3", "S3", "R2", "R2");

      // Disabled: no new uploads, files still served.
      hub.disable("local");
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> hub.uploadTo("local", UploadRequest.of("new.txt"), new byte[] {1}));
      failsWith(Code.PRECONDITION_FAILED, () -> hub.switchUploadTarget("local"));
      everyReferenceWorks(hub, files);

      // Keys rotated to the server's second identity: reads work, writes are now denied.
      hub.edit(
          "s3-main",
          ConnectionEdit.builder()
              .secret("accessKeyId", server.downloadOnlyAccessKey())
              .secret("secretAccessKey", server.downloadOnlySecretKey())
              .build());
      failsWith(
          Code.PERMISSION_DENIED,
          () -> hub.uploadTo("s3-main", UploadRequest.of("denied.txt"), new byte[] {1}));
      everyReferenceWorks(hub, files);

      // Rotated back to the full keys and pointed at a new bucket: location 2.
      Connection moved =
          hub.edit(
              "s3-main",
              ConnectionEdit.builder()
                  .set("bucket", s3NewBucket)
                  .secret("accessKeyId", server.accessKey())
                  .secret("secretAccessKey", server.secretKey())
                  .build());
      assertThat(moved.currentLocation()).isEqualTo(2);
      hub.switchUploadTarget("s3-main");
      byte[] newBytes = "in the new bucket".getBytes(StandardCharsets.UTF_8);
      StoredFile inNewBucket = hub.upload(UploadRequest.of("products/app-2.0.zip"), newBytes);
      assertThat(inNewBucket.ref()).hasToString("stowage://s3-main~2/products/app-2.0.zip");
      files.put(inNewBucket, newBytes);
      everyReferenceWorks(hub, files);

      // References kept as strings in a product row resolve the same.
      for (StoredFile f : files.keySet()) {
        assertThat(hub.stat(FileRef.parse(f.ref().toString())).size()).isEqualTo(f.size());
      }

      // Every listed file: its connection's badge, a reference that resolves.
      List<HubEntry> listed = hub.listAll(HubListRequest.all()).toList();
      assertThat(listed)
          .extracting(e -> e.ref().toString())
          .containsExactly(
              "stowage://local/products/app-1.0.zip",
              "stowage://local/products/read%20me.txt",
              "stowage://r2-eu/products/app-1.0.zip",
              "stowage://r2-eu/products/read%20me.txt",
              "stowage://s3-main~2/products/app-2.0.zip");
      Map<String, String> badges = Map.of("local", "Local", "s3-main", "S3", "r2-eu", "R2");
      for (HubEntry e : listed) {
        assertThat(e.badge().label()).isEqualTo(badges.get(e.connectionId()));
        assertThat(e.badge()).isEqualTo(hub.connection(e.connectionId()).orElseThrow().badge());
        assertThat(hub.stat(e.ref()).size()).isEqualTo(e.info().size());
      }
      // Pages of two across the three connections give the same, with opaque cursors.
      List<HubEntry> paged = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      do {
        Page<HubEntry> page =
            hub.list(HubListRequest.builder().pageSize(2).cursor(cursor.orElse(null)).build());
        assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
        paged.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor.isPresent());
      assertThat(paged).isEqualTo(listed);

      // "copy link" is offered where the provider presigns.
      assertThat(hub.capabilities("r2-eu").presignMethods()).contains(dev.stowage.HttpMethod.GET);
    }
    assertThat(drivers.opened.get()).isPositive();
    assertThat(drivers.stillOpen()).as("stores left open after close").isZero();
  }

  private void everyReferenceWorks(StorageHub hub, Map<StoredFile, byte[]> files) throws Exception {
    for (Map.Entry<StoredFile, byte[]> f : files.entrySet()) {
      FileRef ref = f.getKey().ref();
      assertThat(hub.stat(ref).size()).as(ref.toString()).isEqualTo(f.getValue().length);
      try (ObjectContent content = hub.download(ref)) {
        assertThat(content.readAllBytes()).as(ref.toString()).isEqualTo(f.getValue());
      }
      PresignedRequest link = hub.presign(ref, Duration.ofMinutes(5));
      HttpResponse<byte[]> fetched =
          http.send(
              HttpRequest.newBuilder(URI.create(link.url())).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fetched.statusCode()).as(ref.toString()).isEqualTo(200);
      assertThat(fetched.body()).as(ref.toString()).isEqualTo(f.getValue());
    }
  }
}
