package dev.stowage;

import java.util.Objects;

/**
 * The one exception Stowage throws. Its {@link Code} says what went wrong in terms a caller can act
 * on; {@link #retryable()} says whether trying again can help. Messages never carry a secret, a
 * signature or a full presigned URL.
 */
public final class StorageException extends RuntimeException {

  /** What went wrong, independent of the provider. */
  public enum Code {
    NOT_FOUND(false),
    ALREADY_EXISTS(false),
    PERMISSION_DENIED(false),
    INVALID_KEY(false),
    INVALID_ARGUMENT(false),
    PRECONDITION_FAILED(false),
    UNSUPPORTED(false),
    RATE_LIMITED(true),
    UNAVAILABLE(true),
    CONFIG_INVALID(false),
    UNEXPECTED(false);

    private final boolean retryableByDefault;

    Code(boolean retryableByDefault) {
      this.retryableByDefault = retryableByDefault;
    }

    /** Whether an error with this code is worth retrying unless the driver says otherwise. */
    public boolean retryableByDefault() {
      return retryableByDefault;
    }
  }

  private final Code code;
  private final boolean retryable;
  private final String driverId;
  private final String bucket;
  private final String key;
  private final String requestId;

  private StorageException(Builder b) {
    super(b.message, b.cause);
    this.code = b.code;
    this.retryable = b.retryable == null ? b.code.retryableByDefault() : b.retryable;
    this.driverId = b.driverId;
    this.bucket = b.bucket;
    this.key = b.key;
    this.requestId = b.requestId;
  }

  /** A new exception with the given code and message and no context. */
  public static StorageException of(Code code, String message) {
    return builder(code, message).build();
  }

  public static Builder builder(Code code, String message) {
    return new Builder(code, message);
  }

  public Builder toBuilder() {
    return new Builder(code, getMessage())
        .cause(getCause())
        .retryable(retryable)
        .driverId(driverId)
        .bucket(bucket)
        .key(key)
        .requestId(requestId);
  }

  public Code code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The id of the driver that raised it ("s3", "local"), or null when not known. */
  public String driverId() {
    return driverId;
  }

  /** The bucket or root it concerns, or null. */
  public String bucket() {
    return bucket;
  }

  /** The object key it concerns, or null. */
  public String key() {
    return key;
  }

  /** The provider's request id, for support tickets, or null. */
  public String requestId() {
    return requestId;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("StorageException[").append(code);
    if (driverId != null) s.append(", driver=").append(driverId);
    if (bucket != null) s.append(", bucket=").append(bucket);
    if (key != null) s.append(", key=").append(key);
    if (requestId != null) s.append(", requestId=").append(requestId);
    return s.append("]: ").append(getMessage()).toString();
  }

  /** Builds a {@link StorageException}. */
  public static final class Builder {
    private final Code code;
    private final String message;
    private Throwable cause;
    private Boolean retryable;
    private String driverId;
    private String bucket;
    private String key;
    private String requestId;

    private Builder(Code code, String message) {
      this.code = Objects.requireNonNull(code, "code");
      this.message = Objects.requireNonNull(message, "message");
    }

    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    public Builder driverId(String driverId) {
      this.driverId = driverId;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public StorageException build() {
      return new StorageException(this);
    }
  }
}
