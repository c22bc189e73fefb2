package dev.stowage.hub.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.ObjectContent;
import dev.stowage.PresignRequest;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import dev.stowage.hub.ConnectionEdit;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.HubListRequest;
import dev.stowage.hub.HubSearchRequest;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.Reseal;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole hub run with every logger of the client side at DEBUG (this class runs in its own
 * surefire execution, which sends SLF4J's output to a file): configuration-file, environment and
 * sealed stored secrets, S3, R2 and local connections, uploads, listings, links, checks, key
 * rotation, a master-key rotation with reseal, and the failures a host meets. No secret may appear
 * in a log line, an exception message or anything the hub prints. Only the embedded server's own
 * loggers (Jetty, S3Proxy) stay at INFO: they are the test's server, not the host's client.
 */
class NoSecretInDebugLogsTest {

  /** Where the surefire execution tells SLF4J to write. */
  private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  private final List<String> printed = new ArrayList<>();

  @Test
  void noSecretInAnyLogLineOrMessage() throws IOException {
    // Only the debug-logs execution captures; picked by -Dtest in the ordinary one, it steps aside.
    assumeTrue(Boolean.getBoolean("hub.debugLogsExecution"), "runs in debug-logs only");
    Path log = Path.of(System.getProperty(LOG_FILE_PROPERTY, "not-configured"));
    assertThat(log).as("SLF4J writes to the file the execution names").isRegularFile();
    EmbeddedS3Server server = S3.server();
    String localSigningKey = "local-signing-key-" + random();
    String wrongSecret = "wrong-secret-" + random();
    List<String> secrets =
        List.of(
            server.accessKey(),
            server.secretKey(),
            server.downloadOnlyAccessKey(),
            server.downloadOnlySecretKey(),
            localSigningKey,
            wrongSecret);

    // R2's key id from a configuration file and its secret from the environment (pasted with
    // whitespace); S3's keys and the local signing key stored, sealed, through the hub.
    Path config = dir.resolve("stowage.properties");
    Files.writeString(config, "stowage.r2-eu.accessKeyId=" + server.accessKey() + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = new HashMap<>();
    env.put("STOWAGE_R2_EU_SECRET_ACCESS_KEY", " " + server.secretKey() + "\n");
    MasterKeys k1 = MasterKeys.of(MasterKey.generate("k1"));
    InMemoryConnectionStore store = new InMemoryConnectionStore();
    LayeredSettingSources sources =
        LayeredSettingSources.builder().configFile(config).environment(env::get).build();

    try (StorageHub hub = hub(store, AesGcmSealer.create(k1), sources)) {
      hub.add(
          ConnectionSpec.builder("disk", "local")
              .set("root", dir.resolve("files").toString())
              .set("listen", "127.0.0.1:0")
              .secret("signingKey", localSigningKey)
              .build());
      hub.add(
          ConnectionSpec.builder("s3-main", "s3")
              .set("bucket", S3.newBucket())
              .set("endpoint", server.endpoint().toString())
              .set("region", server.region())
              .secret("accessKeyId", server.accessKey())
              .secret("secretAccessKey", server.secretKey())
              .build());
      hub.add(
          ConnectionSpec.builder("r2-eu", "r2")
              .set("accountId", "0123456789abcdef0123456789abcdef")
              .set("bucket", S3.newBucket())
              .set("endpoint", server.endpoint().toString())
              .build());
      List<StoredFile> stored = new ArrayList<>();
      for (String id : List.of("disk", "s3-main", "r2-eu")) {
        hub.switchUploadTarget(id);
        stored.add(
            hub.upload(
                UploadRequest.builder("products/app-1.0.zip")
                    .contentType("application/zip")
                    .build(),
                ("bytes on " + id).getBytes(StandardCharsets.UTF_8)));
        print(hub.settings(id));
        print(hub.connection(id).orElseThrow());
        print(hub.verify(id));
        print(hub.securityPosture(id));
      }
      for (StoredFile f : stored) {
        print(f);
        print(hub.stat(f.ref()));
        try (ObjectContent content = hub.download(f.ref())) {
          content.stream().readAllBytes();
        }
        print(hub.presign(f.ref(), Duration.ofMinutes(5)).method());
        print(
            hub.presign(f.ref(), PresignRequest.head(f.ref().key(), Duration.ofMinutes(5)))
                .method());
      }
      hub.listAll(HubListRequest.all()).forEach(this::print);
      hub.searchAll(HubSearchRequest.of(SearchRequest.contains("APP"))).forEach(this::print);

      // Keys rotated through the settings page: wrong ones first (denied), then the second pair.
      failure(
          () -> {
            hub.edit(
                "s3-main",
                ConnectionEdit.builder()
                    .secret("accessKeyId", server.downloadOnlyAccessKey())
                    .secret("secretAccessKey", wrongSecret)
                    .build());
            return hub.stat(stored.get(1).ref());
          });
      print(hub.verify("s3-main"));
      hub.edit(
          "s3-main",
          ConnectionEdit.builder()
              .secret("accessKeyId", server.downloadOnlyAccessKey())
              .secret("secretAccessKey", server.downloadOnlySecretKey())
              .build());
      failure(() -> hub.uploadTo("s3-main", UploadRequest.of("denied.txt"), new byte[] {1}));
      print(hub.settings("s3-main"));

      // What a host gets wrong: bad references, bad settings, tampered secrets.
      failure(() -> FileRef.parse("stowage://disk/../etc/passwd"));
      failure(() -> FileRef.parse("s3://" + server.secretKey()));
      failure(
          () ->
              hub.add(
                  ConnectionSpec.builder("bad", "s3")
                      .set("bucket", "b")
                      .set("endpoint", "http://" + server.secretKey() + ".invalid")
                      .set("unknownSetting", localSigningKey)
                      .build()));
      ConnectionRecord disk = store.connection("disk").orElseThrow();
      String envelope = disk.sealedSecrets().get("signingKey");
      store.update(tamper(disk, envelope));
      failure(() -> hub.stat(stored.get(0).ref()));
      store.update(untamper(store.connection("disk").orElseThrow(), envelope));
      print(hub.stat(stored.get(0).ref()));
    }

    // Master key rotation and reseal, then a hub on the new key alone.
    MasterKeys k2 = k1.withNewest(MasterKey.generate("k2"));
    print(Reseal.create(store, AesGcmSealer.create(k2)).run());
    MasterKeys onlyK2 = k2.without("k1");
    try (StorageHub hub = hub(store, AesGcmSealer.create(onlyK2), sources)) {
      print(hub.stat(FileRef.of("disk", "products/app-1.0.zip")));
      hub.remove("disk", true);
    }

    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged)
        .as("the capture holds the hub's own DEBUG lines")
        .contains("DEBUG dev.stowage.hub");
    for (String secret : secrets) {
      assertThat(logged).as("the DEBUG log").doesNotContain(secret);
      assertThat(printed).as("messages and printed values").noneMatch(p -> p.contains(secret));
    }
  }

  private StorageHub hub(
      InMemoryConnectionStore store, AesGcmSealer sealer, LayeredSettingSources sources) {
    return StorageHub.builder()
        .connectionStore(store)
        .sealer(sealer)
        .settingSources(sources)
        .driverContext(
            DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
        .build();
  }

  private void print(Object value) {
    printed.add(String.valueOf(value));
  }

  /** Runs something that must fail, and keeps everything the failure prints. */
  private void failure(Supplier<?> action) {
    assertThatThrownBy(action::get)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              printed.add(e.toString());
              for (Throwable t = e; t != null; t = t.getCause()) {
                printed.add(String.valueOf(t.getMessage()));
              }
            });
  }

  private static ConnectionRecord tamper(ConnectionRecord r, String envelope) {
    char last = envelope.charAt(envelope.length() - 1);
    String flipped = envelope.substring(0, envelope.length() - 1) + (last == 'A' ? 'B' : 'A');
    return withSigningKey(r, flipped);
  }

  private static ConnectionRecord untamper(ConnectionRecord r, String envelope) {
    return withSigningKey(r, envelope);
  }

  private static ConnectionRecord withSigningKey(ConnectionRecord r, String envelope) {
    Map<String, String> sealed = new HashMap<>(r.sealedSecrets());
    sealed.put("signingKey", envelope);
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        sealed,
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        r.updatedAt(),
        r.version() + 1);
  }

  private static String random() {
    return Long.toHexString(new java.security.SecureRandom().nextLong())
        + Long.toHexString(new java.security.SecureRandom().nextLong());
  }
}
