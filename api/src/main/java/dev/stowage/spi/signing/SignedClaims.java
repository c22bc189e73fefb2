package dev.stowage.spi.signing;

import dev.stowage.HttpMethod;
import java.time.Instant;
import java.util.Optional;

/**
 * What a verified signed URL allows: one method on one key until a time, with the response headers
 * (GET) or the request content type (PUT) it was signed with.
 */
public record SignedClaims(
    HttpMethod method,
    String key,
    Instant expiresAt,
    String responseContentDisposition,
    String responseContentType,
    String requiredContentType) {

  public Optional<String> responseContentDispositionIfSet() {
    return Optional.ofNullable(responseContentDisposition);
  }

  public Optional<String> responseContentTypeIfSet() {
    return Optional.ofNullable(responseContentType);
  }

  public Optional<String> requiredContentTypeIfSet() {
    return Optional.ofNullable(requiredContentType);
  }
}
