package dev.stowage.spi.signing;

import dev.stowage.HttpMethod;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified signed URL allows: one method on one key until a time, with the response headers
 * (GET) or the request content type (PUT) it was signed with.
 */
public final class SignedClaims {

  private final HttpMethod method;
  private final String key;
  private final Instant expiresAt;
  private final String responseContentDisposition;
  private final String responseContentType;
  private final String requiredContentType;

  private SignedClaims(Builder b) {
    this.method = Objects.requireNonNull(b.method, "method");
    this.key = Objects.requireNonNull(b.key, "key");
    this.expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt");
    this.responseContentDisposition = b.responseContentDisposition;
    this.responseContentType = b.responseContentType;
    this.requiredContentType = b.requiredContentType;
  }

  public static Builder builder(HttpMethod method, String key, Instant expiresAt) {
    Builder b = new Builder();
    b.method = method;
    b.key = key;
    b.expiresAt = expiresAt;
    return b;
  }

  public Builder toBuilder() {
    return builder(method, key, expiresAt)
        .responseContentDisposition(responseContentDisposition)
        .responseContentType(responseContentType)
        .requiredContentType(requiredContentType);
  }

  public HttpMethod method() {
    return method;
  }

  public String key() {
    return key;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** GET: the {@code Content-Disposition} the response must carry; empty: the stored one. */
  public Optional<String> responseContentDisposition() {
    return Optional.ofNullable(responseContentDisposition);
  }

  /** GET: the {@code Content-Type} the response must carry; empty: the stored one. */
  public Optional<String> responseContentType() {
    return Optional.ofNullable(responseContentType);
  }

  /** PUT: the {@code Content-Type} the uploader must send; empty: any. */
  public Optional<String> requiredContentType() {
    return Optional.ofNullable(requiredContentType);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedClaims other
        && method == other.method
        && key.equals(other.key)
        && expiresAt.equals(other.expiresAt)
        && Objects.equals(responseContentDisposition, other.responseContentDisposition)
        && Objects.equals(responseContentType, other.responseContentType)
        && Objects.equals(requiredContentType, other.requiredContentType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method,
        key,
        expiresAt,
        responseContentDisposition,
        responseContentType,
        requiredContentType);
  }

  @Override
  public String toString() {
    return "SignedClaims[method=" + method + ", key=" + key + ", expiresAt=" + expiresAt + "]";
  }

  /** Builds {@link SignedClaims}; the optional values accept null for "not bound". */
  public static final class Builder {
    private HttpMethod method;
    private String key;
    private Instant expiresAt;
    private String responseContentDisposition;
    private String responseContentType;
    private String requiredContentType;

    private Builder() {}

    public Builder responseContentDisposition(String value) {
      this.responseContentDisposition = value;
      return this;
    }

    public Builder responseContentType(String value) {
      this.responseContentType = value;
      return this;
    }

    public Builder requiredContentType(String value) {
      this.requiredContentType = value;
      return this;
    }

    public SignedClaims build() {
      return new SignedClaims(this);
    }
  }
}
