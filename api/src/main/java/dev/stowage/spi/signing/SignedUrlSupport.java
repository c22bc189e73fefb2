package dev.stowage.spi.signing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.ConfigProperty;
import dev.stowage.DriverConfig;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed URLs for drivers that serve their own bytes (local disk, memory): reads the shared
 * settings, signs with {@link HmacUrlSigner}, and serves with {@link SignedUrlHandler}, either on
 * an embedded JDK {@code HttpServer} ({@code listen}) or mounted by the host in its own server at
 * {@code publicBaseUrl}.
 */
public final class SignedUrlSupport implements AutoCloseable {

  public static final String SIGNING_KEY = "signingKey";
  public static final String PUBLIC_BASE_URL = "publicBaseUrl";
  public static final String LISTEN = "listen";
  public static final String MAX_UPLOAD_BYTES = "maxUploadBytes";
  private static final String EMBEDDED_PATH = "/files";

  /** The settings this helper reads; drivers add them to their schema. */
  public static final List<ConfigProperty> CONFIG_PROPERTIES =
      List.of(
          ConfigProperty.secret(
              SIGNING_KEY,
              false,
              "HMAC key for signed URLs (32+ random characters). Without it a random key is made"
                  + " at start, and links stop working when the process restarts."),
          ConfigProperty.optional(
              PUBLIC_BASE_URL,
              null,
              "URL where the host mounts the signed-URL handler, e.g. https://shop.example/files"),
          ConfigProperty.optional(
              LISTEN,
              null,
              "host:port for an embedded HTTP server that serves signed URLs, e.g. 127.0.0.1:8080"
                  + " (port 0 picks a free one)"),
          ConfigProperty.optional(
              MAX_UPLOAD_BYTES, "5368709120", "Largest upload a presigned PUT may send, in bytes"));

  private static final Logger log = LoggerFactory.getLogger(SignedUrlSupport.class);
  private static final AtomicInteger SERVER_COUNT = new AtomicInteger();

  private final HmacUrlSigner signer;
  private final URI baseUrl;
  private final long maxUploadBytes;
  private final HttpServer server;
  private final ExecutorService executor;

  private SignedUrlSupport(
      HmacUrlSigner signer,
      URI baseUrl,
      long maxUploadBytes,
      HttpServer server,
      ExecutorService executor) {
    this.signer = signer;
    this.baseUrl = baseUrl;
    this.maxUploadBytes = maxUploadBytes;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Reads the settings; binds the embedded server when {@code listen} is set.
   *
   * @param storeIdentity what tells this store from another on the same host (the local driver's
   *     real root path, the memory driver's instance id). Signed into every link, with the base
   *     URL, so a link one store minted opens nothing in another store sharing its signing key.
   *     Keep it stable across restarts, or the links already handed out stop working.
   */
  public static SignedUrlSupport fromConfig(
      DriverConfig config, DriverContext context, String storeIdentity) {
    Objects.requireNonNull(storeIdentity, "storeIdentity");
    long maxUpload = config.longValue(MAX_UPLOAD_BYTES).orElse(5L << 30);
    if (maxUpload < 0) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID, "Setting 'maxUploadBytes' must be >= 0");
    }
    Optional<URI> publicBase = config.uriValue(PUBLIC_BASE_URL);
    Optional<String> listen = config.value(LISTEN);
    if (publicBase.isEmpty() && listen.isEmpty()) {
      return new SignedUrlSupport(null, null, maxUpload, null, null);
    }
    Secret key =
        config
            .secret(SIGNING_KEY)
            .orElseGet(
                () -> {
                  log.warn(
                      "No signingKey set: using a random one; signed URLs stop working when the"
                          + " process restarts");
                  byte[] random = new byte[32];
                  new SecureRandom().nextBytes(random);
                  return Secret.of(HexFormat.of().formatHex(random));
                });
    if (key.reveal().length() < 16) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Setting 'signingKey' is too short: use at least 16 (better 32+) random characters");
    }
    HttpServer server = null;
    ExecutorService executor = null;
    URI base;
    if (listen.isPresent()) {
      InetSocketAddress address = parseListen(listen.get());
      try {
        server = HttpServer.create(address, 0);
      } catch (IOException e) {
        throw StorageException.builder(
                StorageException.Code.CONFIG_INVALID,
                "Cannot listen on " + listen.get() + ": " + e.getMessage())
            .cause(e)
            .build();
      }
      int n = SERVER_COUNT.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              8,
              r -> {
                Thread t =
                    new Thread(r, "stowage-signed-url-" + n + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      String host =
          address.getHostString().contains(":")
              ? "[" + address.getHostString() + "]"
              : address.getHostString();
      base =
          publicBase.orElse(
              URI.create("http://" + host + ":" + server.getAddress().getPort() + EMBEDDED_PATH));
    } else {
      base = publicBase.get();
    }
    return new SignedUrlSupport(
        new HmacUrlSigner(key, base, storeIdentity, context.clock()),
        base,
        maxUpload,
        server,
        executor);
  }

  /** Whether a base URL is known, so presigning can work. */
  public boolean enabled() {
    return signer != null;
  }

  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** Serves this driver's signed URLs on the embedded server, if one was configured. */
  public void mount(StorageDriver driver) {
    if (server != null) {
      String path = signer.basePath().isEmpty() ? "/" : signer.basePath();
      server.createContext(path, handler(driver));
      server.start();
      log.info("Serving signed URLs at {}", baseUrl);
    }
  }

  /** {@link #handler} when signed URLs are configured, else empty. */
  public Optional<HttpHandler> handlerIfEnabled(StorageDriver driver) {
    return enabled() ? Optional.of(handler(driver)) : Optional.empty();
  }

  /** A handler for this driver, for hosts that mount it in their own server at the base URL. */
  public HttpHandler handler(StorageDriver driver) {
    requireEnabled();
    return new SignedUrlHandler(driver, signer, maxUploadBytes);
  }

  public PresignedRequest presign(PresignRequest request) {
    requireEnabled();
    return signer.sign(request);
  }

  private void requireEnabled() {
    if (signer == null) {
      throw StorageException.of(
          StorageException.Code.UNSUPPORTED,
          "Signed URLs are off: set 'publicBaseUrl' (where the host mounts the handler) or"
              + " 'listen' (an embedded server)");
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.stop(0);
        executor.shutdownNow();
      }
    } finally {
      if (signer != null) {
        signer.close(); // mounted handlers in the host's server refuse every link from now on
      }
    }
  }

  private static InetSocketAddress parseListen(String listen) {
    String s = listen.strip();
    int colon = s.lastIndexOf(':');
    try {
      if (colon < 0) {
        throw new NumberFormatException();
      }
      String host = s.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = Integer.parseInt(s.substring(colon + 1));
      return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    } catch (IllegalArgumentException e) { // a port that is not a number, or out of range
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Setting 'listen' must be host:port such as 127.0.0.1:8080, was '" + listen + "'");
    }
  }
}
