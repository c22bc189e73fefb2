package dev.stowage.testkit;

import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Uses presigned URLs the way a browser or {@code curl} does, over real HTTP, and forges the
 * altered URLs the kit expects a provider to refuse.
 */
final class KitHttp {

  /** Which part of a presigned URL to alter by one character. */
  enum UrlPart {
    SIGNATURE,
    EXPIRY,
    KEY
  }

  // HTTP/1.1 only: the JDK client's h2c upgrade attempt on plain http is noise for test servers.
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  /** Longest a whole exchange may take; only a broken server comes near it. */
  private static final Duration EXCHANGE_LIMIT = Duration.ofMinutes(2);

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private KitHttp() {}

  /** Sends the presigned request as signed, with {@code body} for a PUT (null: no body). */
  static HttpResponse<byte[]> send(PresignedRequest request, byte[] body) {
    return send(request.method().name(), request.uri(), request.headers(), body);
  }

  static HttpResponse<byte[]> send(
      String method, URI url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(EXCHANGE_LIMIT);
    headers.forEach(
        (name, value) -> {
          if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            b.header(name, value);
          }
        });
    b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    // The client's own timeout stops at the response headers; a server that then sends fewer
    // bytes than its Content-Length would hang the test. This bound fails it instead.
    CompletableFuture<HttpResponse<byte[]>> response =
        CLIENT.sendAsync(b.build(), BodyHandlers.ofByteArray());
    try {
      return response.get(EXCHANGE_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new AssertionError(
          method + " got no complete response within " + EXCHANGE_LIMIT.toMinutes() + " minutes",
          e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(
          method + " " + url.getHost() + " failed",
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** POSTs a {@code multipart/form-data} body: the policy's fields, then the file last. */
  static HttpResponse<byte[]> postForm(PresignedPost post, String contentType, byte[] file) {
    BrowserForm form = BrowserForm.of(post.fields(), "upload.bin", contentType, file);
    return send("POST", post.uri(), Map.of("Content-Type", form.contentType()), form.body());
  }

  /**
   * The URL with one character of {@code part} changed: the last character of the signature
   * parameter, the last digit of the expiry parameter, or the first character of the key's file
   * name (which must be the URL path's last segment).
   */
  static URI tamper(URI url, UrlPart part) {
    String path = url.getRawPath();
    String query = url.getRawQuery();
    switch (part) {
      case KEY -> {
        int slash = path.lastIndexOf('/');
        path = path.substring(0, slash + 1) + alter(path.substring(slash + 1), 0);
      }
      case SIGNATURE -> query = alterParameter(url, query, "signature", false);
      case EXPIRY -> query = alterParameter(url, query, "expires", true);
    }
    return URI.create(
        url.getScheme()
            + "://"
            + url.getRawAuthority()
            + path
            + (query == null ? "" : "?" + query));
  }

  /** The URL with its query replaced by {@code rawQuery}, as sent (no re-encoding). */
  static URI withQuery(URI url, String rawQuery) {
    return URI.create(
        url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + "?" + rawQuery);
  }

  private static String alterParameter(URI url, String query, String nameContains, boolean digit) {
    String[] pairs = query == null ? new String[0] : query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
      if (eq > 0 && name.toLowerCase(Locale.ROOT).contains(nameContains)) {
        String value = pairs[i].substring(eq + 1);
        int at = value.length() - 1;
        while (digit && at >= 0 && !Character.isDigit(value.charAt(at))) {
          at--;
        }
        if (at < 0) {
          break;
        }
        pairs[i] = name + "=" + alter(value, at);
        return String.join("&", pairs);
      }
    }
    throw new AssertionError(
        "The kit found no query parameter whose name contains '"
            + nameContains
            + "' in the presigned URL (parameters: "
            + parameterNames(pairs)
            + ")");
  }

  /** The character at {@code at} replaced by another of the same kind, so the URL stays valid. */
  private static String alter(String s, int at) {
    char c = s.charAt(at);
    char d;
    if (c >= '0' && c <= '9') {
      d = c == '9' ? '0' : (char) (c + 1);
    } else if (c >= 'a' && c <= 'z') {
      d = c == 'z' ? 'a' : (char) (c + 1);
    } else if (c >= 'A' && c <= 'Z') {
      d = c == 'Z' ? 'A' : (char) (c + 1);
    } else {
      d = 'A';
    }
    return s.substring(0, at) + d + s.substring(at + 1);
  }

  private static String parameterNames(String[] pairs) {
    StringBuilder names = new StringBuilder();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      names.append(names.length() == 0 ? "" : ", ").append(eq < 0 ? pair : pair.substring(0, eq));
    }
    return names.toString();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A header's first value, by case-insensitive name, or null. */
  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The value in {@code headers} under {@code name}, compared case-insensitively, or null. */
  static String header(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
