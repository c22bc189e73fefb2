package dev.stowage.spi.signing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.stowage.ByteRange;
import dev.stowage.HttpMethod;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import dev.stowage.internal.UploadChecks;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves signed URLs for a driver over the JDK's {@code HttpServer}: GET (with a single {@code
 * Range}) and HEAD download, PUT uploads up to a size limit, DELETE. A request whose signature is
 * wrong, altered, expired or used with another method gets 403 and touches nothing. Mount it at the
 * path of the signer's base URL.
 */
public final class SignedUrlHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SignedUrlHandler.class);
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final StorageDriver driver;
  private final HmacUrlSigner signer;
  private final long maxUploadBytes;

  public SignedUrlHandler(StorageDriver driver, HmacUrlSigner signer, long maxUploadBytes) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.maxUploadBytes = maxUploadBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      HttpMethod method = methodOf(exchange.getRequestMethod());
      if (method == null) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD, PUT, DELETE");
        sendText(exchange, 405, "Method not allowed");
        return;
      }
      String rawPath = exchange.getRequestURI().getRawPath();
      String prefix = signer.basePath() + "/";
      Optional<SignedClaims> claims =
          rawPath.startsWith(prefix)
              ? signer.verify(
                  method.name(),
                  rawPath.substring(prefix.length()),
                  exchange.getRequestURI().getRawQuery())
              : Optional.empty();
      if (claims.isEmpty()) {
        sendText(exchange, 403, "Access denied: the link is invalid, altered or expired");
        return;
      }
      serve(exchange, claims.get());
    } catch (IOException | RuntimeException e) {
      log.warn("Signed request failed: {}", e.toString());
      if (exchange.getResponseCode() == -1) {
        // Nothing sent yet: say so, rather than leave the client with an empty reply.
        try {
          sendText(exchange, 500, "Storage error");
        } catch (IOException ignored) {
          // The client is gone; closing below is all that is left to do.
        }
      }
    } finally {
      // Closing drains what is left of the request body, so the client reads our status.
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange, SignedClaims claims) throws IOException {
    try {
      switch (claims.method()) {
        case GET, HEAD -> download(exchange, claims);
        case PUT -> upload(exchange, claims);
        case DELETE -> {
          driver.delete(claims.key());
          exchange.sendResponseHeaders(204, -1);
        }
      }
    } catch (StorageException e) {
      int status =
          switch (e.code()) {
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, PRECONDITION_FAILED -> 412;
            case INVALID_ARGUMENT, INVALID_KEY -> 400;
            case PERMISSION_DENIED -> 403;
            default -> 500;
          };
      log.debug("Signed {} answered {}: {}", claims.method(), status, e.toString());
      sendText(exchange, status, status == 500 ? "Storage error" : e.getMessage());
    }
  }

  private void download(HttpExchange exchange, SignedClaims claims) throws IOException {
    boolean head = claims.method() == HttpMethod.HEAD;
    ObjectInfo info = driver.stat(claims.key());
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", claims.responseContentTypeIfSet().orElse(contentType(info)));
    claims
        .responseContentDispositionIfSet()
        .or(info::contentDispositionIfSet)
        .ifPresent(v -> h.set("Content-Disposition", v));
    if (info.etag() != null) {
      h.set("ETag", info.etag());
    }
    h.set(
        "Last-Modified",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(info.lastModified().atOffset(ZoneOffset.UTC)));
    h.set("Accept-Ranges", "bytes");
    h.set("Cache-Control", "private");

    ByteRange range = parseRange(exchange.getRequestHeaders().getFirst("Range"));
    if (range != null) {
      long[] span;
      try {
        span = range.resolve(info.size());
      } catch (StorageException e) {
        h.set("Content-Range", "bytes */" + info.size());
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      h.set("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + info.size());
      send(exchange, 206, head, claims.key(), range, span[1] - span[0] + 1);
    } else {
      send(exchange, 200, head, claims.key(), null, info.size());
    }
  }

  private void send(
      HttpExchange exchange, int status, boolean head, String key, ByteRange range, long length)
      throws IOException {
    if (head) {
      // The JDK server sends no body for HEAD; the length is still the object's.
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    try (ObjectContent content = driver.download(key, range)) {
      exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        content.stream().transferTo(out);
      }
    }
  }

  private void upload(HttpExchange exchange, SignedClaims claims) throws IOException {
    String sentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (claims.requiredContentTypeIfSet().isPresent()
        && !claims.requiredContentType().equals(sentType)) {
      sendText(exchange, 403, "Access denied: the Content-Type differs from the signed one");
      return;
    }
    String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (lengthHeader != null) {
      try {
        declared = Long.parseLong(lengthHeader.strip());
      } catch (NumberFormatException e) {
        sendText(exchange, 400, "Bad Content-Length");
        return;
      }
    }
    if (declared > maxUploadBytes) {
      sendText(exchange, 413, "Upload larger than " + maxUploadBytes + " bytes");
      return;
    }
    UploadRequest.Builder request = UploadRequest.builder(claims.key());
    if (sentType != null && !sentType.isBlank()) {
      try {
        UploadChecks.checkContentType(sentType);
      } catch (StorageException e) {
        sendText(exchange, 400, e.getMessage());
        return;
      }
      request.contentType(sentType);
    }
    LimitedInputStream body = new LimitedInputStream(exchange.getRequestBody(), maxUploadBytes);
    ObjectInfo stored;
    try {
      stored = driver.upload(request.build(), UploadSource.ofStream(body, declared));
    } catch (RuntimeException e) {
      if (body.exceeded()) {
        sendText(exchange, 413, "Upload larger than " + maxUploadBytes + " bytes");
        return;
      }
      throw e;
    }
    if (stored.etag() != null) {
      exchange.getResponseHeaders().set("ETag", stored.etag());
    }
    exchange.sendResponseHeaders(200, -1);
  }

  private static String contentType(ObjectInfo info) {
    return info.contentTypeIfKnown().orElse("application/octet-stream");
  }

  /** A single {@code bytes=a-b}, {@code a-} or {@code -n} range; anything else is ignored. */
  static ByteRange parseRange(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = SINGLE_RANGE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null; // RFC 9110: a server may ignore a Range it does not understand
    }
    try {
      if (m.group(1).isEmpty()) {
        long n = Long.parseLong(m.group(2));
        return n == 0 ? null : ByteRange.lastBytes(n);
      }
      long first = Long.parseLong(m.group(1));
      if (m.group(2).isEmpty()) {
        return ByteRange.from(first);
      }
      long last = Long.parseLong(m.group(2));
      return last < first ? null : ByteRange.of(first, last);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static HttpMethod methodOf(String name) {
    for (HttpMethod m : HttpMethod.values()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
