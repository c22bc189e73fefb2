package dev.stowage.hub.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.Secret;
import dev.stowage.UploadRequest;
import dev.stowage.hub.Connection;
import dev.stowage.hub.ConnectionEdit;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import dev.stowage.hub.seal.SecretSealer;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The hub every persistence test builds on a real store: {@code local} (disk, with a stored signing
 * key), {@code s3-main} and {@code r2-eu} (both on the embedded S3 server, keys stored sealed);
 * uploads through each, {@code local} disabled, {@code s3-main} edited to a second bucket (location
 * 2) with its keys entered again, {@code s3-main} the upload target. It remembers every file it
 * uploaded, so a later hub can show each reference still works.
 */
final class HubWorld {

  static final String R2_ACCOUNT = "0123456789abcdef0123456789abcdef";
  static final List<String> IDS = List.of("local", "r2-eu", "s3-main");

  final EmbeddedS3Server server;
  final Path localRoot;
  final String signingKey = "local-signing-key-" + UUID.randomUUID();
  final Map<FileRef, byte[]> files = new LinkedHashMap<>();
  private final String s3Bucket;
  final String s3NewBucket;
  private final String r2Bucket;

  HubWorld(EmbeddedS3Extension s3, Path dir) {
    this.server = s3.server();
    this.localRoot = dir.resolve("files");
    this.s3Bucket = s3.newBucket();
    this.s3NewBucket = s3.newBucket();
    this.r2Bucket = s3.newBucket();
  }

  /** A hub over {@code store}; the store stays the test's to close. */
  StorageHub hub(ConnectionStore store, SecretSealer sealer) {
    return hub(store, sealer, Duration.ofSeconds(30));
  }

  /** A hub reusing resolved settings for {@code refreshInterval}. */
  StorageHub hub(ConnectionStore store, SecretSealer sealer, Duration refreshInterval) {
    return StorageHub.builder()
        .connectionStore(store)
        .sealer(sealer)
        .refreshInterval(refreshInterval)
        .driverContext(
            DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
        .build();
  }

  /** Every stored secret, by connection and setting, in clear. */
  Map<String, Map<String, String>> secrets() {
    return Map.of(
        "local", Map.of("signingKey", signingKey),
        "s3-main", Map.of("accessKeyId", server.accessKey(), "secretAccessKey", server.secretKey()),
        "r2-eu", Map.of("accessKeyId", server.accessKey(), "secretAccessKey", server.secretKey()));
  }

  /** The clear values no stored byte may hold. */
  Set<String> secretValues() {
    return Set.of(
        signingKey,
        server.accessKey(),
        server.secretKey(),
        server.downloadOnlyAccessKey(),
        server.downloadOnlySecretKey());
  }

  /** Adds the three connections, uploads through each, disables one, edits another. */
  void populate(StorageHub hub) {
    hub.add(
        ConnectionSpec.builder("local", "local")
            .label("This server's disk")
            .set("root", localRoot.toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", signingKey)
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
    for (String id : List.of("local", "r2-eu", "s3-main")) {
      hub.switchUploadTarget(id);
      upload(hub, "products/" + id + "-1.0.zip");
      upload(hub, "docs/read me.txt");
    }
    hub.switchUploadTarget("s3-main");
    hub.disable("local");
    Connection moved =
        hub.edit(
            "s3-main",
            ConnectionEdit.builder()
                .label("Amazon S3 (new bucket)")
                .set("bucket", s3NewBucket)
                .secret("accessKeyId", server.accessKey())
                .secret("secretAccessKey", server.secretKey())
                .build());
    assertThat(moved.currentLocation()).isEqualTo(2);
    StoredFile second = upload(hub, "products/app-2.0.zip");
    assertThat(second.ref()).hasToString("stowage://s3-main~2/products/app-2.0.zip");
  }

  /** Uploads to the hub's target and remembers the file. */
  StoredFile upload(StorageHub hub, String key) {
    byte[] bytes = (key + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    StoredFile file =
        hub.upload(UploadRequest.builder(key).contentType("text/plain").build(), bytes);
    files.put(file.ref(), bytes);
    return file;
  }

  /** Every remembered reference stats and downloads the bytes uploaded, from its string form. */
  void everyReferenceWorks(StorageHub hub) throws Exception {
    assertThat(files).isNotEmpty();
    for (Map.Entry<FileRef, byte[]> f : files.entrySet()) {
      FileRef ref = FileRef.parse(f.getKey().toString());
      assertThat(hub.stat(ref).size()).as(ref.toString()).isEqualTo(f.getValue().length);
      try (ObjectContent content = hub.download(ref)) {
        assertThat(content.readAllBytes()).as(ref.toString()).isEqualTo(f.getValue());
      }
    }
  }

  /** What a settings screen shows of the stored secrets: masks, and the values they open to. */
  static Map<String, Map<String, String>> revealed(List<Connection> connections) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Connection c : connections) {
      Map<String, String> secrets = new TreeMap<>();
      c.secrets().forEach((name, secret) -> secrets.put(name, secret.reveal()));
      out.put(c.id(), secrets);
    }
    return out;
  }

  /** The masks the settings screen shows. */
  static Map<String, Map<String, String>> masked(List<Connection> connections) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Connection c : connections) {
      Map<String, String> secrets = new TreeMap<>();
      c.secrets().forEach((name, secret) -> secrets.put(name, secret.toString()));
      out.put(c.id(), secrets);
    }
    return out;
  }

  /** How a secret value shows masked. */
  static String mask(String value) {
    return Secret.of(value).masked();
  }
}
