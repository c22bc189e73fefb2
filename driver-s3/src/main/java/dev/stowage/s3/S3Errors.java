package dev.stowage.s3;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps what the SDK throws to a {@link StorageException}: S3's error code first, the HTTP status
 * when a response had no body (HEAD), the request id kept for support tickets. Messages are fixed
 * words built here from the status, the error code when it is one AWS or the provider documents,
 * and the request id: never from the endpoint's own message or body, request URLs or headers.
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

  /** AWS error codes we name in messages without mapping them to a code of their own. */
  private static final Set<String> OTHER_KNOWN_CODES =
      Set.of(
          "ConditionalRequestConflict",
          "BucketNotEmpty",
          "InvalidObjectState",
          "InvalidBucketState",
          "MissingContentLength",
          "MissingSecurityHeader",
          "XAmzContentSHA256Mismatch",
          "AccessControlListNotSupported",
          "NoSuchLifecycleConfiguration",
          "NoSuchCORSConfiguration",
          "NoSuchPublicAccessBlockConfiguration",
          "OwnershipControlsNotFoundError",
          "ServerSideEncryptionConfigurationNotFoundError",
          "NoSuchBucketPolicy",
          "InvalidEncryptionAlgorithmError",
          "CredentialsNotSupported",
          "CrossLocationLoggingProhibited",
          "NotSignedUp",
          "InvalidPayer",
          "MalformedPolicy",
          "MalformedPOSTRequest",
          "MaxMessageLengthExceeded",
          "MissingRequestBodyError",
          "RequestTorrentOfBucketError",
          "UnexpectedContent",
          "InvalidStorageClass",
          "InvalidTag",
          "InvalidURI",
          "TemporaryRedirect",
          "Redirect",
          "BadRequest",
          "Forbidden",
          "Unauthorized");

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9+/=._:-]{1,200}");

  /** Failures whose message the local stack writes, never the endpoint. */
  private static final Set<Class<?>> OWN_WORDS =
      Set.of(
          java.net.ConnectException.class,
          java.net.SocketTimeoutException.class,
          java.net.NoRouteToHostException.class,
          java.net.UnknownHostException.class,
          java.net.SocketException.class,
          java.io.InterruptedIOException.class,
          RefusedEndpointException.class);

  private static final Pattern SAFE_TEXT = Pattern.compile("[\\x20-\\x7e]*");
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
      return clientSide(dialect, e, action);
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
    // Fixed words only: the endpoint's own text (its error message, its body) never reaches a
    // message, whoever runs the endpoint. Its error code is named when it is one we know.
    boolean known = s3Code != null && known(dialect, s3Code);
    StringBuilder message = new StringBuilder(action).append(" failed: ");
    message.append(
        known ? s3Code : s3Code == null ? "no error code" : "an unrecognised error code");
    message.append(" (HTTP ").append(status).append(')');
    Optional<String> providerHint =
        known ? dialect.errorHint(s3Code).filter(h -> !h.isBlank()) : Optional.empty();
    (providerHint.isPresent() ? providerHint : hint(code, known ? s3Code : null, e))
        .ifPresent(h -> message.append(". ").append(h));
    String requestId = requestId(service);
    if (requestId != null) {
      message.append(" (request id ").append(requestId).append(')');
    }
    return StorageException.builder(code, message.toString())
        .cause(e)
        .retryable(retryable)
        .requestId(requestId)
        .build();
  }

  /**
   * A failure without an answer from the endpoint. Only a failure to reach it or to read its answer
   * (an I/O error, a timeout) is UNAVAILABLE and worth retrying; an address the host's endpoint
   * policy refuses is CONFIG_INVALID; credentials the default chain cannot find are CONFIG_INVALID;
   * anything else went wrong inside the SDK, where trying again changes nothing: UNEXPECTED.
   */
  private static StorageException clientSide(S3Dialect dialect, SdkException e, String action) {
    RefusedEndpointException refused = causeOfType(e, RefusedEndpointException.class);
    if (refused != null) {
      return StorageException.builder(
              Code.CONFIG_INVALID, action + " failed: " + refused.getMessage())
          .cause(e)
          .retryable(false)
          .build();
    }
    if (causeOfType(e, DefaultChainCredentials.NotFound.class) != null) {
      return StorageException.builder(
              Code.CONFIG_INVALID, action + " failed: " + DefaultChainCredentials.MESSAGE)
          .cause(e)
          .retryable(false)
          .build();
    }
    IOException io = causeOfType(e, IOException.class);
    if (io != null
        || e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || e instanceof RetryableException) {
      // No answer at all: refused connection, timeout, DNS, a reset mid-body. Worth retrying.
      return StorageException.builder(
              Code.UNAVAILABLE,
              action
                  + " failed: the "
                  + dialect.serviceName()
                  + " endpoint did not answer ("
                  + (io != null ? brief(io) : e.getClass().getSimpleName())
                  + ")")
          .cause(e)
          .retryable(true)
          .build();
    }
    return StorageException.builder(
            Code.UNEXPECTED,
            action
                + " failed inside the AWS SDK, not at the endpoint ("
                + e.getClass().getSimpleName()
                + "); trying again will not help")
        .cause(e)
        .retryable(false)
        .build();
  }

  /** {@code s3Code} when it is a known code, else fixed words saying what kind it was. */
  static String describeCode(S3Dialect dialect, String s3Code) {
    if (s3Code == null || s3Code.isBlank()) {
      return "no error code";
    }
    return known(dialect, s3Code) ? s3Code : "an unrecognised error code";
  }

  /** Whether {@code s3Code} is one of the codes AWS or the provider documents (not free text). */
  private static boolean known(S3Dialect dialect, String s3Code) {
    return BY_S3_CODE.containsKey(s3Code)
        || OTHER_KNOWN_CODES.contains(s3Code)
        || dialect.errorCode(s3Code).isPresent();
  }

  /** The request id the endpoint sent, when it looks like one (letters, digits, a few marks). */
  private static String requestId(AwsServiceException service) {
    String id = service.requestId();
    return id != null && REQUEST_ID.matcher(id).matches() ? id : null;
  }

  private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
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

  /**
   * The I/O failure's class and, for the JDK's own socket failures only, its message ("Connection
   * refused", "Read timed out"). Other messages can quote what the endpoint sent: an HTTP parser's
   * complaint about a malformed header line, a TLS peer's certificate names.
   */
  private static String brief(IOException e) {
    Throwable root = e;
    while (root.getCause() instanceof IOException cause && cause != root) {
      root = cause;
    }
    String text =
        root.getMessage() == null || !OWN_WORDS.contains(root.getClass())
            ? ""
            : root.getMessage().replaceAll("\\s+", " ").strip();
    // Short and printable all the same.
    if (!SAFE_TEXT.matcher(text).matches()) {
      text = "";
    }
    if (text.length() > 120) {
      text = text.substring(0, 120) + "...";
    }
    return root.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text);
  }
}
