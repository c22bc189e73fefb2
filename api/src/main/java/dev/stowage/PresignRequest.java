package dev.stowage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a presigned URL may do: one method on one key for a time-to-live between 1 second and 7 days
 * (or the driver's lower cap). A GET may override the response's {@code Content-Type} and name the
 * downloaded file; a PUT may bind the {@code Content-Type} the uploader must send.
 */
public final class PresignRequest {

  private final HttpMethod method;
  private final String key;
  private final Duration ttl;
  private final String downloadFilename;
  private final boolean inline;
  private final String responseContentType;
  private final String contentType;

  private PresignRequest(Builder b) {
    this.method = Objects.requireNonNull(b.method, "method");
    this.key = Objects.requireNonNull(b.key, "key");
    this.ttl = Objects.requireNonNull(b.ttl, "ttl");
    this.downloadFilename = b.downloadFilename;
    this.inline = b.inline;
    this.responseContentType = b.responseContentType;
    this.contentType = b.contentType;
  }

  /** A GET of {@code key} for {@code ttl}; {@link #toBuilder()} to customise it. */
  public static PresignRequest get(String key, Duration ttl) {
    return builder(HttpMethod.GET, key, ttl).build();
  }

  /** A PUT of {@code key} for {@code ttl}; {@link #toBuilder()} to customise it. */
  public static PresignRequest put(String key, Duration ttl) {
    return builder(HttpMethod.PUT, key, ttl).build();
  }

  /** A HEAD of {@code key} for {@code ttl}; {@link #toBuilder()} to customise it. */
  public static PresignRequest head(String key, Duration ttl) {
    return builder(HttpMethod.HEAD, key, ttl).build();
  }

  /** A DELETE of {@code key} for {@code ttl}; {@link #toBuilder()} to customise it. */
  public static PresignRequest delete(String key, Duration ttl) {
    return builder(HttpMethod.DELETE, key, ttl).build();
  }

  public static Builder builder(HttpMethod method, String key, Duration ttl) {
    return new Builder(method, key, ttl);
  }

  public HttpMethod method() {
    return method;
  }

  public String key() {
    return key;
  }

  public Duration ttl() {
    return ttl;
  }

  /** The file name the browser should save the download as. */
  public Optional<String> downloadFilename() {
    return Optional.ofNullable(downloadFilename);
  }

  /** The {@code Content-Disposition} a GET response should carry, if any was asked for. */
  public Optional<String> responseContentDisposition() {
    if (downloadFilename == null) {
      return Optional.empty();
    }
    return Optional.of(
        inline
            ? ContentDisposition.inline(downloadFilename)
            : ContentDisposition.attachment(downloadFilename));
  }

  /** The {@code Content-Type} a GET response should carry instead of the stored one. */
  public Optional<String> responseContentType() {
    return Optional.ofNullable(responseContentType);
  }

  /** For PUT: the {@code Content-Type} the uploader must send (bound into the signature). */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** A builder holding this request's values, to derive a request that differs in some. */
  public Builder toBuilder() {
    Builder b = new Builder(method, key, ttl);
    b.downloadFilename = downloadFilename;
    b.inline = inline;
    b.responseContentType = responseContentType;
    b.contentType = contentType;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PresignRequest other
        && method == other.method
        && key.equals(other.key)
        && ttl.equals(other.ttl)
        && Objects.equals(downloadFilename, other.downloadFilename)
        && inline == other.inline
        && Objects.equals(responseContentType, other.responseContentType)
        && Objects.equals(contentType, other.contentType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, key, ttl, downloadFilename, inline, responseContentType, contentType);
  }

  @Override
  public String toString() {
    return "PresignRequest[method="
        + method
        + ", key="
        + key
        + ", ttl="
        + ttl
        + ", downloadFilename="
        + downloadFilename
        + ", inline="
        + inline
        + ", responseContentType="
        + responseContentType
        + ", contentType="
        + contentType
        + "]";
  }

  /** Builds a {@link PresignRequest}. */
  public static final class Builder {
    private final HttpMethod method;
    private final String key;
    private final Duration ttl;
    private String downloadFilename;
    private boolean inline;
    private String responseContentType;
    private String contentType;

    private Builder(HttpMethod method, String key, Duration ttl) {
      this.method = method;
      this.key = key;
      this.ttl = ttl;
    }

    /** GET only: save as this name ({@code attachment}); RFC 6266 with {@code filename*}. */
    public Builder downloadFilename(String filename) {
      this.downloadFilename = filename;
      this.inline = false;
      return this;
    }

    /** GET only: show inline, and save as this name if the user saves it. */
    public Builder inlineFilename(String filename) {
      this.downloadFilename = filename;
      this.inline = true;
      return this;
    }

    /** GET only: the {@code Content-Type} of the response. */
    public Builder responseContentType(String contentType) {
      this.responseContentType = contentType;
      return this;
    }

    /** PUT only: the {@code Content-Type} the uploader must send. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    public PresignRequest build() {
      return new PresignRequest(this);
    }
  }
}
