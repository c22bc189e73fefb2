package dev.stowage;

import dev.stowage.StorageException.Code;
import dev.stowage.spi.UploadChecks;
import java.time.Duration;

/**
 * The rules a {@link Store} checks before a driver runs, the same for every driver: keys, TTLs,
 * what a presigned request or a browser form may bind, and what the driver declares it can do.
 */
final class StoreChecks {

  private static final Duration MIN_TTL = Duration.ofSeconds(1);

  private final Capabilities capabilities;
  private final StoreErrors errors;

  StoreChecks(Capabilities capabilities, StoreErrors errors) {
    this.capabilities = capabilities;
    this.errors = errors;
  }

  /** The strict rule, for keys Stowage creates. */
  String newKey(String key) {
    try {
      Keys.requireValid(key);
    } catch (StorageException e) {
      throw errors.normalise(e, null);
    }
    return withinLength(key);
  }

  /** The existing-key rule, for keys that name an object another tool may have written. */
  String existingKey(String key) {
    try {
      Keys.requireExisting(key);
    } catch (StorageException e) {
      throw errors.normalise(e, null);
    }
    return withinLength(key);
  }

  /** The request's key, once everything a presigned request binds has been checked. */
  String presign(PresignRequest request) {
    // A PUT creates a key: the strict rule. GET, HEAD and DELETE name an object that exists.
    HttpMethod method = request.method();
    String key = method == HttpMethod.PUT ? newKey(request.key()) : existingKey(request.key());
    if (!capabilities.canPresign(method)) {
      throw errors.unsupported("presigned " + method + " URLs", key);
    }
    ttl(request.ttl(), key);
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    if (!read
        && (request.downloadFilename().isPresent() || request.responseContentType().isPresent())) {
      throw errors.error(
          Code.INVALID_ARGUMENT,
          "Download filename and response content type apply to GET and HEAD only",
          key);
    }
    if (method != HttpMethod.PUT && request.contentType().isPresent()) {
      throw errors.error(Code.INVALID_ARGUMENT, "A bound Content-Type applies to PUT only", key);
    }
    request.responseContentType().ifPresent(UploadChecks::checkContentType);
    request.contentType().ifPresent(UploadChecks::checkContentType);
    return key;
  }

  /** The policy's key (or prefix), once everything the form binds has been checked. */
  String presignPost(PostPolicyRequest request) {
    String key = request.keyIsPrefix() ? request.key() : newKey(request.key());
    if (!capabilities.presignPost()) {
      throw errors.unsupported("browser POST uploads", key);
    }
    if (request.keyIsPrefix() && !request.key().isEmpty()) {
      // A prefix is checked as a key with a file name appended: same segment rules.
      newKey(request.key().endsWith("/") ? request.key() + "x" : request.key());
    }
    ttl(request.ttl(), key);
    if (request.maxBytes() > capabilities.maxSinglePutBytes()) {
      // A form POST is one request: the provider refuses a body over its single-request limit.
      throw errors.error(
          Code.INVALID_ARGUMENT,
          "A browser upload of up to "
              + request.maxBytes()
              + " bytes exceeds this provider's limit of "
              + capabilities.maxSinglePutBytes()
              + " bytes per request",
          key);
    }
    request.contentTypePrefix().ifPresent(UploadChecks::checkHeaderValue);
    errors.run(key, () -> UploadChecks.checkMetadata(request.metadata(), capabilities));
    request
        .serverSideEncryption()
        .filter(sse -> !sse.equals("AES256") && !sse.equals("aws:kms"))
        .ifPresent(
            sse -> {
              throw errors.error(
                  Code.INVALID_ARGUMENT,
                  "Server-side encryption must be AES256 or aws:kms, was '" + sse + "'",
                  key);
            });
    return key;
  }

  private String withinLength(String key) {
    int bytes = Keys.utf8Length(key);
    if (bytes > capabilities.maxKeyBytes()) {
      throw errors.error(
          Code.INVALID_KEY,
          "Invalid key: it is "
              + bytes
              + " bytes; this provider allows "
              + capabilities.maxKeyBytes(),
          null);
    }
    return key;
  }

  private void ttl(Duration ttl, String key) {
    Duration cap = capabilities.maxPresignTtl();
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(cap) > 0) {
      throw errors.error(
          Code.INVALID_ARGUMENT,
          "Presign TTL must be between 1 second and "
              + cap.toSeconds()
              + " seconds, was "
              + ttl.toSeconds()
              + " s",
          key);
    }
  }
}
