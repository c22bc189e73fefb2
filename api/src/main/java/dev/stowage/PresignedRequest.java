package dev.stowage;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A presigned request: send {@link #method()} to {@link #url()} with {@link #headers()} before
 * {@link #expiresAt()}. Its {@link #toString()} hides the signature; the URL itself is a bearer
 * credential, so log it only through this type.
 */
public record PresignedRequest(
    HttpMethod method, URI url, Map<String, String> headers, Instant expiresAt) {

  public PresignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expiresAt, "expiresAt");
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "PresignedRequest["
        + method
        + " "
        + Redaction.redactUrl(url.toString())
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
