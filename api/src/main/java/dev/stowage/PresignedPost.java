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
 * file}.
 */
public record PresignedPost(URI url, Map<String, String> fields, Instant expiresAt) {

  public PresignedPost {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expiresAt, "expiresAt");
    // Order kept: it is the order a page should write the fields in (the file goes last).
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
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
