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
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadChecks;
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
 *
 * <p>A link holder learns a status and a generic text, never a driver's message. Every answer says
 * {@code X-Content-Type-Options: nosniff}; one a browser would show inline (no {@code attachment}
 * disposition) also carries a {@code Content-Security-Policy} that lets nothing run.
 */
public final class SignedUrlHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SignedUrlHandler.class);
  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final String STORAGE_ERROR = "Storage error";

  /** For responses a browser shows inline: nothing in them may run or load anything. */
  static final String INLINE_CSP = "default-src 'none'; sandbox";

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
      // On every answer, errors included: a browser must never guess a type and run a script.
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
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
          sendText(exchange, 500, STORAGE_ERROR);
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
      int status = statusOf(e.code());
      // The driver's message is for the host's log: a link holder learns the status and nothing
      // about the server (paths, provider replies).
      log.debug("Signed {} answered {}: {}", claims.method(), status, e.toString());
      if (exchange.getResponseCode() == -1) {
        sendText(exchange, status, textOf(status));
      }
    }
  }

  private static int statusOf(StorageException.Code code) {
    return switch (code) {
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, PRECONDITION_FAILED -> 412;
      case INVALID_ARGUMENT, INVALID_KEY -> 400;
      case PERMISSION_DENIED -> 403;
      case UNAVAILABLE, RATE_LIMITED -> 503;
      default -> 500;
    };
  }

  private static String textOf(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 412 -> "Precondition failed";
      case 503 -> "Storage unavailable";
      default -> STORAGE_ERROR;
    };
  }

  /**
   * GET streams what one {@code download} call opened, and its headers come from that same call: a
   * stat before it could describe an object replaced in between (wrong length, wrong type).
   */
  private void download(HttpExchange exchange, SignedClaims claims) throws IOException {
    ByteRange range = parseRange(exchange.getRequestHeaders().getFirst("Range"));
    if (claims.method() == HttpMethod.HEAD) {
      head(exchange, claims, range);
      return;
    }
    ObjectContent content;
    try {
      content = driver.download(claims.key(), range);
    } catch (StorageException e) {
      if (range != null && e.code() == StorageException.Code.INVALID_ARGUMENT) {
        // ByteRange.resolve's "not satisfiable": answer 416 with the size, as RFC 9110 asks.
        notSatisfiable(exchange, driver.stat(claims.key()).size());
        return;
      }
      throw e;
    }
    try (content) {
      ObjectInfo info = content.info();
      describe(exchange.getResponseHeaders(), claims, info);
      int status = 200;
      if (range != null) {
        long first = content.rangeStart();
        exchange
            .getResponseHeaders()
            .set(
                "Content-Range",
                "bytes " + first + "-" + (first + content.length() - 1) + "/" + info.size());
        status = 206;
      }
      long length = content.length();
      // The JDK server reads -1 as "no body" and 0 as "chunked": an empty object has no body, one
      // whose length the driver does not know goes chunked to its end.
      exchange.sendResponseHeaders(
          status, length == 0 ? -1 : length == ObjectContent.UNKNOWN_LENGTH ? 0 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        content.stream().transferTo(out);
      }
    }
  }

  /** HEAD reads no bytes, so one {@code stat} is its one driver call. */
  private void head(HttpExchange exchange, SignedClaims claims, ByteRange range)
      throws IOException {
    ObjectInfo info = driver.stat(claims.key());
    Headers h = exchange.getResponseHeaders();
    describe(h, claims, info);
    long length = info.size();
    int status = 200;
    if (range != null) {
      long[] span;
      try {
        span = range.resolve(info.size());
      } catch (StorageException e) {
        notSatisfiable(exchange, info.size());
        return;
      }
      h.set("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + info.size());
      length = span[1] - span[0] + 1;
      status = 206;
    }
    // The JDK server sends no body for HEAD; the length is still the object's.
    h.set("Content-Length", Long.toString(length));
    exchange.sendResponseHeaders(status, -1);
  }

  private static void notSatisfiable(HttpExchange exchange, long size) throws IOException {
    exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
    exchange.sendResponseHeaders(416, -1);
  }

  /** The object's headers, with the link's bound response headers in front of the stored ones. */
  private static void describe(Headers h, SignedClaims claims, ObjectInfo info) {
    h.set(
        "Content-Type",
        claims.responseContentType().filter(v -> !v.isBlank()).orElse(contentType(info)));
    Optional<String> disposition =
        claims.responseContentDisposition().filter(v -> !v.isBlank()).or(info::contentDisposition);
    disposition.ifPresent(v -> h.set("Content-Disposition", v));
    if (disposition.filter(SignedUrlHandler::isAttachment).isEmpty()) {
      // Shown in the browser on the host's own origin: no script, no plugin, no form may run.
      h.set("Content-Security-Policy", INLINE_CSP);
    }
    info.etag().ifPresent(etag -> h.set("ETag", etag));
    h.set(
        "Last-Modified",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(info.lastModified().atOffset(ZoneOffset.UTC)));
    h.set("Accept-Ranges", "bytes");
    h.set("Cache-Control", "private");
  }

  private static boolean isAttachment(String disposition) {
    int semicolon = disposition.indexOf(';');
    String type = semicolon < 0 ? disposition : disposition.substring(0, semicolon);
    return type.strip().equalsIgnoreCase("attachment");
  }

  private void upload(HttpExchange exchange, SignedClaims claims) throws IOException {
    String sentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (claims.requiredContentType().filter(required -> !required.equals(sentType)).isPresent()) {
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
        sendText(exchange, 400, "Bad Content-Type");
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
    stored.etag().ifPresent(etag -> exchange.getResponseHeaders().set("ETag", etag));
    exchange.sendResponseHeaders(200, -1);
  }

  private static String contentType(ObjectInfo info) {
    return info.contentType().orElse("application/octet-stream");
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
