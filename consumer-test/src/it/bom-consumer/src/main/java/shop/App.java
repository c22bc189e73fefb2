package shop;

import dev.stowage.DriverConfig;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.SearchRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.ConnectionEdit;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.HubListRequest;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The README's examples, as a shop would write them, on the BOM alone. */
public final class App {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    byte[] zip = "pretend this is a zip".getBytes(StandardCharsets.UTF_8);
    Path root = Files.createTempDirectory("shop-downloads");
    Path file = Files.write(root.resolveSibling(root.getFileName() + ".zip"), zip);

    DriverConfig local =
        DriverConfig.builder()
            .set("root", root.toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", "consumer-test-signing-key-0123456789")
            .build();
    try (Store store = Store.open("local", local)) {
      exercise(store, file, zip);
    }

    try (EmbeddedS3Server s3 = EmbeddedS3Server.start()) {
      s3.createBucket("shop-downloads");
      DriverConfig config =
          DriverConfig.builder()
              .set("bucket", "shop-downloads")
              .set("endpoint", s3.endpoint())
              .set("region", s3.region())
              .secret("accessKeyId", s3.accessKey())
              .secret("secretAccessKey", s3.secretKey())
              .build();
      // The embedded server is on loopback, which stores may reach only when the host allows it.
      DriverContext development =
          DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
      try (Store store = Store.open("s3", config, development)) {
        exercise(store, file, zip);
        HardeningReport cards =
            store.harden(HardeningPolicy.recommended().toBuilder().dryRun(true).build());
        cards.rows().forEach(r -> System.out.println("card " + r.setting() + " " + r.status()));
      }
      hub(s3, development, root, zip);
    }
    System.out.println("CONSUMER APP OK");
  }

  private static void exercise(Store store, Path file, byte[] zip) throws Exception {
    String id = store.descriptor().id();
    store.upload(
        UploadRequest.builder("products/app-1.0.zip")
            .contentType("application/zip")
            .metadata("sku", "APP-1")
            .build(),
        file);
    List<String> listed = store.listAll("products/").map(ObjectInfo::key).toList();
    check(listed.equals(List.of("products/app-1.0.zip")), id + " listed " + listed);
    long found = store.searchAll(SearchRequest.glob("*.zip")).count();
    check(found == 1, id + " found " + found);
    String link =
        store
            .presign(
                PresignRequest.get("products/app-1.0.zip", Duration.ofMinutes(15))
                    .toBuilder()
                    .downloadFilename("App 1.0.zip")
                    .build())
            .url();
    HttpResponse<byte[]> got =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(link)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    check(got.statusCode() == 200, id + " link answered " + got.statusCode());
    check(java.util.Arrays.equals(got.body(), zip), id + " link served other bytes");
    store.delete("products/app-1.0.zip");
    check(!store.exists("products/app-1.0.zip"), id + " still has the file");
    System.out.println(id + ": upload, list, search, signed link, delete OK");
  }

  /** The README's hub: local and S3 side by side, a reference that survives a bucket change. */
  private static void hub(EmbeddedS3Server s3, DriverContext development, Path root, byte[] zip) {
    Map<String, String> environment =
        Map.of(
            "STOWAGE_S3_MAIN_ACCESS_KEY_ID", s3.accessKey(),
            "STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", s3.secretKey());
    try (StorageHub hub =
        StorageHub.builder()
            .settingSources(LayeredSettingSources.builder().environment(environment::get).build())
            .driverContext(development)
            .build()) {
      hub.add(
          ConnectionSpec.builder("s3-main", "s3")
              .set("bucket", s3.createBucket("hub-old"))
              .set("endpoint", s3.endpoint().toString())
              .set("region", s3.region())
              .build());
      hub.add(ConnectionSpec.builder("disk", "local").set("root", root.toString()).build());
      hub.switchUploadTarget("s3-main");
      String keep =
          hub.upload(UploadRequest.of("products/app-1.0.zip"), zip).ref().toString();
      List<String> badges =
          hub.listAll(HubListRequest.all()).map(e -> e.badge().label() + " " + e.ref()).toList();
      hub.edit("s3-main", ConnectionEdit.builder().set("bucket", s3.createBucket("hub-new")).build());
      byte[] back = hub.download(FileRef.parse(keep)).readAllBytes();
      check(java.util.Arrays.equals(back, zip), "hub: " + keep + " served other bytes");
      System.out.println("hub: " + keep + " still resolves after a bucket change; " + badges);
    }
  }

  private static void check(boolean ok, String failure) {
    if (!ok) {
      throw new AssertionError(failure);
    }
  }
}
