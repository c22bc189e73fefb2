package dev.stowage.hub;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.ObjectContent;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hub for the migration tests: {@code disk} (the local driver on a temp folder), and, when an
 * embedded S3 server is given, {@code s3-main} on a fresh bucket of it; the drivers count every
 * upload they receive, per provider, so a test sees how many objects really went up.
 */
final class MigrationHub implements AutoCloseable {

  static final DriverContext LOOPBACK =
      DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();

  final InMemoryConnectionStore index = new InMemoryConnectionStore();
  final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();

  /** Uploads per provider and key: {@code "s3 products/a.zip"}. */
  final Map<String, AtomicInteger> uploadsByKey = new ConcurrentHashMap<>();

  /** Reads to corrupt (one byte flipped), per provider and key: {@code "local moved/x"}. */
  final Set<String> corruptReads = ConcurrentHashMap.newKeySet();

  final TestSealer sealer = new TestSealer();
  final DriverRegistry registry;
  final StorageHub hub;
  final Path dir;
  private String bucket;
  private EmbeddedS3Server server;

  MigrationHub(Path dir) {
    this.dir = dir;
    DriverRegistry real = DriverRegistry.load();
    this.registry =
        DriverRegistry.of(real.ids().stream().map(id -> counting(real.provider(id))).toList());
    this.hub =
        StorageHub.builder()
            .connectionStore(index)
            .sealer(sealer)
            .driverRegistry(registry)
            .driverContext(LOOPBACK)
            .build();
  }

  /** Adds a local connection whose root is {@code dir/<id>}. */
  MigrationHub withLocal(String id) {
    hub.add(ConnectionSpec.builder(id, "local").set("root", root(id).toString()).build());
    return this;
  }

  /** Adds {@code s3-main} on a new bucket of the embedded server. */
  MigrationHub withS3(EmbeddedS3Extension s3) {
    this.server = s3.server();
    this.bucket = s3.newBucket();
    hub.add(
        ConnectionSpec.builder("s3-main", "s3")
            .set("bucket", bucket)
            .set("endpoint", server.endpoint().toString())
            .set("region", server.region())
            .secret("accessKeyId", server.accessKey())
            .secret("secretAccessKey", server.secretKey())
            .build());
    return this;
  }

  Path root(String localId) {
    return dir.resolve(localId);
  }

  /** A store on the same folder as local connection {@code id}, outside the hub. */
  Store directLocal(String id) {
    return Store.open("local", DriverConfig.builder().set("root", root(id).toString()).build());
  }

  /** A store on the same bucket as {@code s3-main}, outside the hub. */
  Store directS3() {
    return Store.open(
        "s3",
        DriverConfig.builder()
            .set("bucket", bucket)
            .set("endpoint", server.endpoint().toString())
            .set("region", server.region())
            .secret("accessKeyId", server.accessKey())
            .secret("secretAccessKey", server.secretKey())
            .build(),
        LOOPBACK);
  }

  int uploadsTo(String provider) {
    return uploads.computeIfAbsent(provider, p -> new AtomicInteger()).get();
  }

  @Override
  public void close() {
    hub.close();
  }

  private StorageDriverProvider counting(StorageDriverProvider real) {
    AtomicInteger count = uploads.computeIfAbsent(real.id(), p -> new AtomicInteger());
    return new WrappedProvider(
        real,
        driver ->
            (StorageDriver)
                Proxy.newProxyInstance(
                    StorageDriver.class.getClassLoader(),
                    new Class<?>[] {StorageDriver.class},
                    (proxy, method, args) -> {
                      if (method.getName().equals("upload")) {
                        count.incrementAndGet();
                        String key = ((UploadRequest) args[0]).key();
                        uploadsByKey
                            .computeIfAbsent(real.id() + " " + key, k -> new AtomicInteger())
                            .incrementAndGet();
                      }
                      Object result;
                      try {
                        result = method.invoke(driver, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                      if (method.getName().equals("download")
                          && corruptReads.contains(real.id() + " " + args[0])) {
                        return corrupted((ObjectContent) result);
                      }
                      return result;
                    }));
  }

  private static ObjectContent corrupted(ObjectContent content) throws IOException {
    byte[] bytes;
    try (content) {
      bytes = content.stream().readAllBytes();
    }
    if (bytes.length > 0) {
      bytes[0] ^= 1;
    }
    return new ObjectContent(
        content.info(), new ByteArrayInputStream(bytes), content.rangeStart(), bytes.length);
  }
}
