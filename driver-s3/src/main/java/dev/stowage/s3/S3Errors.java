package dev.stowage.s3;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps what the SDK throws to a {@link StorageException}: S3's error code first, the HTTP status
 * when a response had no body (HEAD), the request id kept for support tickets. Messages are built
 * here from the code, status and S3's own one-line message; never from request URLs or headers.
 */
final class S3Errors {

  private static final Map<String, Code> BY_S3_CODE =
      Map.ofEntries(
          Map.entry("NoSuchKey", Code.NOT_FOUND),
          Map.entry("NoSuchBucket", Code.NOT_FOUND),
          Map.entry("NoSuchUpload", Code.NOT_FOUND),
          Map.entry("NotFound", Code.NOT_FOUND),
          Map.entry("AccessDenied", Code.PERMISSION_DENIED),
          Map.entry("AllAccessDisabled", Code.PERMISSION_DENIED),
          Map.entry("AccountProblem", Code.PERMISSION_DENIED),
          Map.entry("SignatureDoesNotMatch", Code.PERMISSION_DENIED),
          Map.entry("InvalidAccessKeyId", Code.PERMISSION_DENIED),
          Map.entry("ExpiredToken", Code.PERMISSION_DENIED),
          Map.entry("InvalidToken", Code.PERMISSION_DENIED),
          Map.entry("TokenRefreshRequired", Code.PERMISSION_DENIED),
          Map.entry("InvalidSecurity", Code.PERMISSION_DENIED),
          Map.entry("RequestTimeTooSkewed", Code.PERMISSION_DENIED),
          Map.entry("SlowDown", Code.RATE_LIMITED),
          Map.entry("TooManyRequests", Code.RATE_LIMITED),
          Map.entry("RequestLimitExceeded", Code.RATE_LIMITED),
          Map.entry("Throttling", Code.RATE_LIMITED),
          Map.entry("EntityTooLarge", Code.INVALID_ARGUMENT),
          Map.entry("EntityTooSmall", Code.INVALID_ARGUMENT),
          Map.entry("InvalidRange", Code.INVALID_ARGUMENT),
          Map.entry("InvalidArgument", Code.INVALID_ARGUMENT),
          Map.entry("InvalidRequest", Code.INVALID_ARGUMENT),
          Map.entry("InvalidPart", Code.INVALID_ARGUMENT),
          Map.entry("InvalidPartOrder", Code.INVALID_ARGUMENT),
          Map.entry("MalformedXML", Code.INVALID_ARGUMENT),
          Map.entry("MetadataTooLarge", Code.INVALID_ARGUMENT),
          Map.entry("IncompleteBody", Code.INVALID_ARGUMENT),
          Map.entry("BadDigest", Code.INVALID_ARGUMENT),
          Map.entry("InvalidDigest", Code.INVALID_ARGUMENT),
          Map.entry("KeyTooLongError", Code.INVALID_KEY),
          Map.entry("PreconditionFailed", Code.PRECONDITION_FAILED),
          Map.entry("NotImplemented", Code.UNSUPPORTED),
          Map.entry("MethodNotAllowed", Code.UNSUPPORTED),
          Map.entry("InvalidBucketName", Code.CONFIG_INVALID),
          Map.entry("PermanentRedirect", Code.CONFIG_INVALID),
          Map.entry("AuthorizationHeaderMalformed", Code.CONFIG_INVALID),
          Map.entry("IllegalLocationConstraintException", Code.CONFIG_INVALID),
          Map.entry("InvalidLocationConstraint", Code.INVALID_ARGUMENT),
          Map.entry("BucketAlreadyExists", Code.ALREADY_EXISTS),
          Map.entry("BucketAlreadyOwnedByYou", Code.ALREADY_EXISTS),
          Map.entry("TooManyBuckets", Code.INVALID_ARGUMENT),
          Map.entry("InternalError", Code.UNAVAILABLE),
          Map.entry("ServiceUnavailable", Code.RATE_LIMITED),
          Map.entry("RequestTimeout", Code.UNAVAILABLE),
          Map.entry("OperationAborted", Code.UNAVAILABLE));

  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
  private static final Pattern REGION_ELEMENT =
      Pattern.compile("<Region>\\s*([a-z0-9][a-z0-9-]{0,40})\\s*</Region>");
  private static final Pattern EXPECTING_REGION =
      Pattern.compile("expecting '([a-z0-9][a-z0-9-]{0,40})'");

  private S3Errors() {}

  /** {@code action} says what failed, e.g. "Uploading" or "Reading"; it starts the message. */
  static StorageException map(SdkException e, String action) {
    return map(S3Dialect.amazon(), e, action, false);
  }

  /** As {@link #map(SdkException, String)}; with {@code createOnly}, a 412 is ALREADY_EXISTS. */
  static StorageException map(SdkException e, String action, boolean createOnly) {
    return map(S3Dialect.amazon(), e, action, createOnly);
  }

  /** As {@link #map(SdkException, String)}, in a provider's dialect. */
  static StorageException map(S3Dialect dialect, SdkException e, String action) {
    return map(dialect, e, action, false);
  }

  /**
   * Maps an SDK failure in a provider's dialect: its own error codes and hints come first. With
   * {@code createOnly}, a 412 is ALREADY_EXISTS.
   */
  static StorageException map(
      S3Dialect dialect, SdkException e, String action, boolean createOnly) {
    if (!(e instanceof AwsServiceException service)) {
      // No answer at all: refused connection, timeout, DNS, a reset mid-body. Worth retrying.
      return StorageException.builder(
              Code.UNAVAILABLE,
              action
                  + " failed: the "
                  + dialect.serviceName()
                  + " endpoint did not answer ("
                  + brief(e)
                  + ")")
          .cause(e)
          .retryable(true)
          .build();
    }
    String s3Code = errorCode(e).orElse(null);
    int status = service.statusCode();
    Code code = code(dialect, s3Code, status);
    boolean retryable = code.retryableByDefault();
    if (code == Code.PRECONDITION_FAILED
        && createOnly
        && !"ConditionalRequestConflict".equals(s3Code)) {
      code = Code.ALREADY_EXISTS;
    }
    if ("ConditionalRequestConflict".equals(s3Code)) {
      // Another conditional write to the key is in progress: trying again settles it.
      code = Code.PRECONDITION_FAILED;
      retryable = true;
    }
    StringBuilder message = new StringBuilder(action).append(" failed: ");
    message.append(s3Code != null ? s3Code : "no error code").append(" (HTTP ").append(status);
    message.append(')');
    String s3Message =
        Optional.ofNullable(service.awsErrorDetails())
            .map(AwsErrorDetails::errorMessage)
            .orElse(null);
    if (s3Message != null && !s3Message.isBlank()) {
      message.append(": ").append(oneLine(s3Message));
    }
    Optional<String> providerHint =
        s3Code == null ? Optional.empty() : dialect.errorHint(s3Code).filter(h -> !h.isBlank());
    (providerHint.isPresent() ? providerHint : hint(code, s3Code, e))
        .ifPresent(h -> message.append(". ").append(h));
    return StorageException.builder(code, message.toString())
        .cause(e)
        .retryable(retryable)
        .requestId(service.requestId())
        .build();
  }

  /** S3's error code ("NoSuchKey"), when the response carried one. */
  static Optional<String> errorCode(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      if (code != null && !code.isBlank()) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  /** The HTTP status, or 0 when there was no response. */
  static int status(SdkException e) {
    return e instanceof AwsServiceException service ? service.statusCode() : 0;
  }

  /** Whether the endpoint said it does not implement the operation (501 / NotImplemented). */
  static boolean notImplemented(SdkException e) {
    return status(e) == 501 || errorCode(e).filter("NotImplemented"::equals).isPresent();
  }

  /** A response header of the failed request, such as {@code x-amz-bucket-region}. */
  static Optional<String> header(SdkException e, String name) {
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().sdkHttpResponse() != null) {
      return service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name);
    }
    return Optional.empty();
  }

  /**
   * The region S3 says the bucket is in, after a wrong-region answer: the {@code
   * x-amz-bucket-region} header (301 PermanentRedirect, HEAD), the {@code <Region>} element of the
   * error body (400 AuthorizationHeaderMalformed), or the region its message expects.
   */
  static Optional<String> bucketRegion(SdkException e) {
    Optional<String> header =
        header(e, "x-amz-bucket-region").filter(r -> REGION.matcher(r).matches());
    if (header.isPresent()) {
      return header;
    }
    if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
      return Optional.empty();
    }
    AwsErrorDetails details = service.awsErrorDetails();
    if (details.rawResponse() != null) {
      Matcher m = REGION_ELEMENT.matcher(details.rawResponse().asUtf8String());
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    if (details.errorMessage() != null) {
      Matcher m = EXPECTING_REGION.matcher(details.errorMessage());
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  static Code code(String s3Code, int status) {
    return code(S3Dialect.amazon(), s3Code, status);
  }

  /** The code for a provider's error code (its dialect first, then S3's), else for the status. */
  static Code code(S3Dialect dialect, String s3Code, int status) {
    if (s3Code != null) {
      Optional<Code> own = dialect.errorCode(s3Code);
      if (own.isPresent()) {
        return own.get();
      }
      Code known = BY_S3_CODE.get(s3Code);
      if (known != null) {
        return known;
      }
    }
    return switch (status) {
      case 301, 307 -> Code.CONFIG_INVALID;
      case 400 -> Code.INVALID_ARGUMENT;
      case 401, 403 -> Code.PERMISSION_DENIED;
      case 404 -> Code.NOT_FOUND;
      case 405, 501 -> Code.UNSUPPORTED;
      case 408 -> Code.UNAVAILABLE;
      case 412 -> Code.PRECONDITION_FAILED;
      case 416 -> Code.INVALID_ARGUMENT;
      case 429, 503 -> Code.RATE_LIMITED;
      default -> status >= 500 ? Code.UNAVAILABLE : Code.UNEXPECTED;
    };
  }

  private static Optional<String> hint(Code code, String s3Code, SdkException e) {
    if ("SignatureDoesNotMatch".equals(s3Code)) {
      return Optional.of("Check the secret access key (it does not match the key ID)");
    }
    if ("InvalidAccessKeyId".equals(s3Code)) {
      return Optional.of("Check the access key ID (the endpoint does not know it)");
    }
    if ("RequestTimeTooSkewed".equals(s3Code)) {
      return Optional.of("This machine's clock is off; synchronise it (NTP)");
    }
    if (code == Code.CONFIG_INVALID) {
      return bucketRegion(e).map(r -> "The bucket is in region " + r + "; set 'region' to it");
    }
    return Optional.empty();
  }

  private static String brief(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + oneLine(root.getMessage());
    return root.getClass().getSimpleName() + message;
  }

  private static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
