package dev.stowage.testkit.s3;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

/**
 * A real S3 server in this process: S3Proxy on a random loopback port, storing objects in a fresh
 * temporary directory, with SigV4 authentication on and a generated key pair. It checks signatures
 * (a wrong secret gets 403 {@code SignatureDoesNotMatch}) and the expiry and method of presigned
 * URLs, as AWS does. For tests, the demo and benchmarks; no Docker needed.
 *
 * <pre>{@code
 * try (EmbeddedS3Server s3 = EmbeddedS3Server.start()) {
 *   s3.createBucket("shop");
 *   // The server listens on 127.0.0.1: the host must allow loopback endpoints.
 *   DriverContext loopback =
 *       DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
 *   Store store = DriverRegistry.load().open("s3", DriverConfig.builder()
 *       .set("bucket", "shop").set("endpoint", s3.endpoint()).set("region", s3.region())
 *       .secret("accessKeyId", s3.accessKey()).secret("secretAccessKey", s3.secretKey()).build(),
 *       loopback);
 * }
 * }</pre>
 *
 * <p>It logs quietly: Jetty's and S3Proxy's INFO lines are kept out of the application's log
 * (warnings and errors still show), unless the application configured levels for {@code
 * org.eclipse.jetty} or {@code org.gaul.s3proxy} itself.
 *
 * <p>Unlike S3Proxy, it keeps the bucket settings a hardener sets, in memory per bucket: public
 * access block, ownership controls, default encryption, lifecycle and CORS configuration (GET, PUT,
 * DELETE), answering AWS's documents and AWS's 404 codes while a bucket has none, with signatures
 * checked (see {@code BucketSettingsFilter}).
 *
 * <p>Unlike S3Proxy's own filesystem store, listings come back in ascending order of the keys'
 * UTF-8 bytes, as AWS lists them, each listing chain cut from one sorted read of its prefix (see
 * {@link Utf8OrderBlobStore}).
 */
public final class EmbeddedS3Server implements AutoCloseable {

  /** The region the server answers for; sign requests for it. */
  public static final String REGION = "us-east-1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final BlobStore blobStore;
  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;
  private final String downloadOnlyAccessKey;
  private final String downloadOnlySecretKey;
  private final URI endpoint;
  private boolean closed;

  private EmbeddedS3Server(
      Path directory, BlobStore blobStore, S3Proxy proxy, KeyPairs keys, URI endpoint) {
    this.directory = directory;
    this.blobStore = blobStore;
    this.proxy = proxy;
    this.accessKey = keys.accessKey();
    this.secretKey = keys.secretKey();
    this.downloadOnlyAccessKey = keys.downloadOnlyAccessKey();
    this.downloadOnlySecretKey = keys.downloadOnlySecretKey();
    this.endpoint = endpoint;
  }

  /** Starts a server with an empty store; close it to stop it and delete everything it held. */
  public static EmbeddedS3Server start() {
    return start(false);
  }

  /**
   * Starts a server that keeps apart every key S3 can: {@code a//b} next to {@code a/b}, a folder
   * marker {@code photos/} (with or without content) next to {@code photos/cat.jpg}, {@code ..}
   * segments. The plain server stores keys as file paths, which fold those together; this one
   * escapes them (see {@code ExactKeysBlobStore}), for tests of keys other tools write. The first
   * listing after a write reads the whole bucket: for small buckets.
   */
  public static EmbeddedS3Server startWithExactKeys() {
    return start(true);
  }

  private static EmbeddedS3Server start(boolean exactKeys) {
    QuietServerLogs.apply();
    Path directory;
    try {
      directory = Files.createTempDirectory("stowage-s3-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the embedded S3 server's directory", e);
    }
    String accessKey = newAccessKey();
    String secretKey = newSecretKey();
    String downloadOnlyAccessKey = newAccessKey();
    String downloadOnlySecretKey = newSecretKey();
    BlobStore blobStore = null;
    S3Proxy proxy = null;
    try {
      BlobStore files = new FilesystemNio2BlobStore(directory.toString());
      blobStore = new Utf8OrderBlobStore(exactKeys ? new ExactKeysBlobStore(files) : files);
      proxy =
          S3Proxy.builder()
              .blobStore(blobStore)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              // Requests are over when a test ends: stop at once, without Jetty's graceful drain.
              .stopTimeout(0)
              .build();
      // Each key pair its own view of the one store: the download-only key as IAM would limit it.
      BlobStore full = blobStore;
      BlobStore downloadOnly = new DownloadOnlyBlobStore(full);
      proxy.setBlobStoreLocator(
          (identity, container, blob) ->
              accessKey.equals(identity)
                  ? new AccessGrant(secretKey, full)
                  : downloadOnlyAccessKey.equals(identity)
                      ? new AccessGrant(downloadOnlySecretKey, downloadOnly)
                      : null);
      installBucketSettings(
          proxy,
          blobStore,
          keys(accessKey, secretKey, downloadOnlyAccessKey, downloadOnlySecretKey));
      proxy.start();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "The embedded S3 server did not start within " + START_TIMEOUT.toSeconds() + " s");
        }
        Thread.sleep(10);
      }
      URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      KeyPairs keys = keys(accessKey, secretKey, downloadOnlyAccessKey, downloadOnlySecretKey);
      return new EmbeddedS3Server(directory, blobStore, proxy, keys, endpoint);
    } catch (Exception e) {
      stopQuietly(proxy, e);
      deleteQuietly(directory, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("The embedded S3 server failed to start", e);
    }
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}; use path-style requests. */
  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * A second key pair that may only download, as an IAM user with {@code S3Policies.DOWNLOAD_ONLY}
   * ({@code s3:GetObject} on the objects): listings, writes, deletes and bucket calls get AWS's 403
   * AccessDenied, and so does a read of a key that does not exist (without {@code s3:ListBucket}
   * AWS does not say 404). For tests of least-privilege keys.
   */
  public String downloadOnlyAccessKey() {
    return downloadOnlyAccessKey;
  }

  /** The secret of {@link #downloadOnlyAccessKey()}. */
  public String downloadOnlySecretKey() {
    return downloadOnlySecretKey;
  }

  /** Always {@value #REGION}. */
  public String region() {
    return REGION;
  }

  /** The directory the objects are stored in (deleted on {@link #close()}). */
  public Path directory() {
    return directory;
  }

  /** Creates a bucket; returns its name. */
  public String createBucket(String name) {
    Objects.requireNonNull(name, "name");
    blobStore.createContainer(name);
    return name;
  }

  /** Stops the server and deletes every bucket and object it held. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = new IllegalStateException("Stopping the embedded S3 server failed");
    stopQuietly(proxy, failure);
    try {
      blobStore.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    deleteQuietly(directory, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "EmbeddedS3Server[" + endpoint + ", " + directory + "]";
  }

  /**
   * Puts {@link BucketSettingsFilter} in front of S3Proxy's servlet. S3Proxy builds its Jetty
   * server privately and offers no hook for sub-resources it does not implement, so the filter is
   * added to the servlet context of that server (S3Proxy 4.1.0: a {@code GracefulHandler} around
   * one {@code ServletContextHandler}), before it starts.
   */
  private static void installBucketSettings(S3Proxy proxy, BlobStore blobStore, KeyPairs keys)
      throws ReflectiveOperationException {
    Field serverField = S3Proxy.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);
    ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
    if (context == null) {
      throw new IllegalStateException("S3Proxy's Jetty server has no servlet context");
    }
    BucketSettingsFilter filter =
        new BucketSettingsFilter(
            Map.of(
                keys.accessKey(), keys.secretKey(),
                keys.downloadOnlyAccessKey(), keys.downloadOnlySecretKey()),
            keys.accessKey(),
            blobStore::containerExists);
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  private static KeyPairs keys(
      String accessKey,
      String secretKey,
      String downloadOnlyAccessKey,
      String downloadOnlySecretKey) {
    return new KeyPairs(accessKey, secretKey, downloadOnlyAccessKey, downloadOnlySecretKey);
  }

  private static void stopQuietly(S3Proxy proxy, Exception failure) {
    if (proxy == null) {
      return;
    }
    try {
      proxy.stop();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private static void deleteQuietly(Path directory, Exception failure) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      failure.addSuppressed(e);
    }
  }

  /** The server's two key pairs: full access, and download only. */
  private record KeyPairs(
      String accessKey,
      String secretKey,
      String downloadOnlyAccessKey,
      String downloadOnlySecretKey) {}

  private static String newAccessKey() {
    return "AKIA" + randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  }

  private static String newSecretKey() {
    return randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
  }

  private static String randomString(String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
