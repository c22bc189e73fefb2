package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What each S3 error becomes. */
class S3ErrorsTest {

  private static S3Exception s3(int status, String code, String message) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .requestId("REQ123")
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @ParameterizedTest(name = "{1} (HTTP {0}) → {2}, retryable {3}")
  @CsvSource({
    "404, NoSuchKey, NOT_FOUND, false",
    "404, NoSuchBucket, NOT_FOUND, false",
    "404, , NOT_FOUND, false",
    "403, AccessDenied, PERMISSION_DENIED, false",
    "403, SignatureDoesNotMatch, PERMISSION_DENIED, false",
    "403, InvalidAccessKeyId, PERMISSION_DENIED, false",
    "403, , PERMISSION_DENIED, false",
    "503, SlowDown, RATE_LIMITED, true",
    "503, , RATE_LIMITED, true",
    "429, , RATE_LIMITED, true",
    "412, PreconditionFailed, PRECONDITION_FAILED, false",
    "409, BucketAlreadyExists, ALREADY_EXISTS, false",
    "409, BucketAlreadyOwnedByYou, ALREADY_EXISTS, false",
    "400, InvalidLocationConstraint, INVALID_ARGUMENT, false",
    "409, ConditionalRequestConflict, PRECONDITION_FAILED, true",
    "400, EntityTooLarge, INVALID_ARGUMENT, false",
    "416, InvalidRange, INVALID_ARGUMENT, false",
    "400, KeyTooLongError, INVALID_KEY, false",
    "501, NotImplemented, UNSUPPORTED, false",
    "500, InternalError, UNAVAILABLE, true",
    "502, , UNAVAILABLE, true",
    "301, PermanentRedirect, CONFIG_INVALID, false",
    "418, Teapot, UNEXPECTED, false"
  })
  @DisplayName("S3 codes and statuses map to Stowage codes")
  void mapping(int status, String code, Code expected, boolean retryable) {
    StorageException e = S3Errors.map(s3(status, code, "message"), "Doing");
    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.requestId()).isEqualTo("REQ123");
    assertThat(e.getMessage()).startsWith("Doing failed: ").contains("HTTP " + status);
  }

  @Test
  @DisplayName("A 412 on a create-only upload means the key exists")
  void createOnlyConflict() {
    assertThat(S3Errors.map(s3(412, "PreconditionFailed", "x"), "Uploading", true).code())
        .isEqualTo(Code.ALREADY_EXISTS);
    assertThat(S3Errors.map(s3(412, null, null), "Uploading", true).code())
        .isEqualTo(Code.ALREADY_EXISTS);
  }

  @Test
  @DisplayName("No answer at all (an I/O failure) is UNAVAILABLE and retryable")
  void noAnswer() {
    StorageException e =
        S3Errors.map(
            SdkClientException.create(
                "Unable to execute HTTP request", new ConnectException("Connection refused")),
            "Listing");
    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("did not answer", "ConnectException", "Connection refused");
  }

  @Test
  @DisplayName(
      "An SDK failure that is no I/O is UNEXPECTED and not retryable, not 'did not answer'")
  void clientSideFailure() {
    StorageException e =
        S3Errors.map(
            SdkClientException.create("Unable to marshall request: <html>secret-ish</html>"),
            "Uploading");
    assertThat(e.code()).isEqualTo(Code.UNEXPECTED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("inside the AWS SDK")
        .doesNotContain("did not answer")
        .doesNotContain("secret-ish");
  }

  @Test
  @DisplayName("No credentials in the default chain is CONFIG_INVALID, not retryable, in our words")
  void missingCredentials() {
    AwsCredentialsProvider empty =
        () -> {
          throw SdkClientException.create("Unable to load credentials: IMDS said <b>hello</b>");
        };
    SdkClientException thrown =
        catchThrowableOfType(
            SdkClientException.class,
            () -> new DefaultChainCredentials(empty).resolveCredentials());
    StorageException e = S3Errors.map(thrown, "Listing");
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("No AWS credentials found", "credentials=static")
        .doesNotContain("IMDS said")
        .doesNotContain("did not answer");
  }

  @Test
  @DisplayName(
      "The endpoint's own message never reaches ours: only known codes, status, request id")
  void noEndpointText() {
    StorageException e =
        S3Errors.map(
            s3(400, "InvalidArgument", "a\nb\n<html>AKIA-LOOKS-SECRET</html>" + "x".repeat(1000)),
            "X");
    assertThat(e.getMessage())
        .isEqualTo("X failed: InvalidArgument (HTTP 400) (request id REQ123)")
        .doesNotContain("AKIA");
    StorageException unknown = S3Errors.map(s3(400, "<script>alert(1)</script>", "m"), "X");
    assertThat(unknown.getMessage()).doesNotContain("script").contains("unrecognised error code");
  }
}
