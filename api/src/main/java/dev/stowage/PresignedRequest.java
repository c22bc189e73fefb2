package dev.stowage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A presigned request: send {@link #method()} to {@link #url()} with {@link #headers()} before
 * {@link #expiresAt()}. Its {@link #toString()} hides the signature; the URL itself is a bearer
 * credential, so log it only through this type.
 *
 * <p>The URL is kept as the driver wrote it, a string ready for a page, a redirect or JSON: parsing
 * a 500-character URL into a {@link URI} costs several times more than signing it, so {@link
 * #uri()} does that only when asked.
 */
public record PresignedRequest(
    HttpMethod method, String url, Map<String, String> headers, Instant expiresAt) {

  /**
   * @param url an absolute http or https URL, percent-encoded
   * @throws IllegalArgumentException if {@code url} does not start with {@code http://} or {@code
   *     https://}
   */
  public PresignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!Redaction.isHttpUrl(url)) {
      // The scheme only: a URL's own text is a credential and stays out of messages.
      throw new IllegalArgumentException("A presigned URL must be an absolute http(s) URL");
    }
    headers = Map.copyOf(headers);
  }

  /** The URL parsed, for HTTP clients that take a {@link URI}. */
  public URI uri() {
    return Redaction.parseUrl(url);
  }

  @Override
  public String toString() {
    return "PresignedRequest["
        + method
        + " "
        + Redaction.redactUrl(url)
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
