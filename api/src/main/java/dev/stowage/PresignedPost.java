package dev.stowage;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A signed browser form upload: POST a {@code multipart/form-data} body to {@link #url()} with
 * every entry of {@link #fields()} as a form field, then the file as the last field named {@code
 * file}. The URL is a string ready for a form's {@code action}, as in {@link PresignedRequest}.
 */
public record PresignedPost(String url, Map<String, String> fields, Instant expiresAt) {

  /**
   * @throws IllegalArgumentException if {@code url} does not start with {@code http://} or {@code
   *     https://}
   */
  public PresignedPost {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!Redaction.isHttpUrl(url)) {
      throw new IllegalArgumentException("A form upload URL must be an absolute http(s) URL");
    }
    // Order kept: it is the order a page should write the fields in (the file goes last).
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The URL parsed, for HTTP clients that take a {@link URI}. */
  public URI uri() {
    return Redaction.parseUrl(url);
  }

  @Override
  public String toString() {
    return "PresignedPost["
        + url
        + ", fields="
        + fields.keySet()
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
