package dev.stowage.s3;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The "Check again" button: credentials accepted, bucket there and in the configured region,
 * list/put/get/delete probes on a temporary key (always removed), and the clock against the
 * endpoint's. Each failure says in plain words what to fix, naming the IAM action when access was
 * denied. Never throws for a failed check.
 */
final class S3Verifier {

  static final String PROBE_PREFIX = ".stowage-verify/";

  /** Skew at which presigned links start to expire visibly early or late. */
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final S3Client s3;
  private final AwsCredentialsProvider credentials;
  private final S3Settings settings;
  private final S3Dialect dialect;
  private final Clock clock;

  S3Verifier(
      S3Client s3,
      AwsCredentialsProvider credentials,
      S3Settings settings,
      S3Dialect dialect,
      Clock clock) {
    this.s3 = s3;
    this.credentials = credentials;
    this.settings = settings;
    this.dialect = dialect;
    this.clock = clock;
  }

  ConnectionReport verify() {
    List<Check> checks = new ArrayList<>();
    try {
      run(checks);
    } catch (RuntimeException e) {
      // A bug or an SDK surprise: still a report, never an exception, from the button.
      checks.add(
          Check.fail(
              "Unexpected error",
              // The class only: an SDK message may quote what the endpoint sent.
              e.getClass().getSimpleName(),
              "This is probably a bug in the driver; please report it with this message."));
    }
    return new ConnectionReport(dialect.driverId(), clock.instant(), checks);
  }

  private void run(List<Check> checks) {
    String bucket = settings.bucket();
    try {
      credentials.resolveCredentials();
    } catch (SdkException e) {
      checks.add(
          Check.fail(
              "Credentials",
              "The AWS default credential chain found no credentials on this host",
              dialect.missingCredentialsHint()));
      return;
    }
    // One listing answers most questions at once: S3 tells a bad key ID from a bad secret, a
    // missing bucket from a denied one, in its error code.
    SdkHttpResponse dated = null;
    boolean listed;
    try {
      ListObjectsV2Response page =
          s3.listObjectsV2(b -> b.bucket(bucket).prefix(PROBE_PREFIX).maxKeys(1));
      dated = page.sdkHttpResponse();
      checks.add(Check.pass("Credentials", "Accepted by the endpoint"));
      listed = true;
    } catch (SdkException e) {
      dated = errorResponse(e).orElse(null);
      String code = S3Errors.errorCode(e).orElse("");
      if (S3Errors.status(e) == 0) {
        checks.add(
            Check.fail(
                "Endpoint",
                "No answer from "
                    + endpointName()
                    + ": "
                    + S3Errors.map(dialect, e, "Listing").getMessage(),
                "Check the endpoint URL, the network and any proxy between here and "
                    + dialect.serviceName()
                    + "."));
        return;
      }
      switch (code) {
        case "InvalidAccessKeyId" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The endpoint does not know this access key ID",
                  dialect.unknownAccessKeyHint()));
          return;
        }
        case "SignatureDoesNotMatch" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The secret access key does not match the access key ID",
                  "Paste the secret access key again; it is shown only once, when the key is"
                      + " created. Create a new key if it is lost."));
          return;
        }
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The session token has expired or is invalid",
                  "Temporary credentials expire: fetch new ones, or use a long-lived key."));
          return;
        }
        case "RequestTimeTooSkewed" -> {
          checks.add(
              Check.fail(
                  "Clock",
                  "The endpoint refused the request because this machine's clock is off",
                  "Synchronise the clock (NTP, chrony or systemd-timesyncd)."));
          return;
        }
        case "NoSuchBucket" -> {
          checks.add(Check.pass("Credentials", "Accepted by the endpoint"));
          checks.add(
              Check.fail(
                  "Bucket",
                  "There is no bucket named '" + bucket + "' at " + endpointName(),
                  dialect.noSuchBucketHint()));
          return;
        }
        default -> {
          if (dialect.checksBucketRegion()
              && (S3Errors.status(e) == 301 || code.equals("AuthorizationHeaderMalformed"))) {
            checks.add(Check.pass("Credentials", "Accepted by the endpoint"));
            checks.add(wrongRegion(S3Errors.header(e, "x-amz-bucket-region").orElse(null)));
            return;
          }
          if (code.equals("AccessDenied") || S3Errors.status(e) == 403) {
            checks.add(Check.pass("Credentials", "Accepted by the endpoint"));
            checks.add(denied("List", "Listing the bucket was denied", "s3:ListBucket", false));
            listed = false;
          } else {
            checks.add(
                Check.fail(
                    "Credentials",
                    S3Errors.map(dialect, e, "Listing").getMessage(),
                    "Check the endpoint, bucket and credentials settings."));
            return;
          }
        }
      }
    }
    checks.add(bucketCheck());
    if (listed) {
      checks.add(Check.pass("List", "Listed the bucket"));
    }
    probe(checks);
    checks.add(clockCheck(dated));
  }

  private Check bucketCheck() {
    String region;
    try {
      HeadBucketResponse head = s3.headBucket(b -> b.bucket(settings.bucket()));
      region = head.bucketRegion();
      if (region == null) {
        region = head.sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
      }
    } catch (SdkException e) {
      if (S3Errors.status(e) == 404) {
        return Check.fail(
            "Bucket",
            "There is no bucket named '" + settings.bucket() + "'",
            dialect.noSuchBucketHint());
      }
      if (S3Errors.status(e) == 301 && dialect.checksBucketRegion()) {
        return wrongRegion(S3Errors.header(e, "x-amz-bucket-region").orElse(null));
      }
      if (dialect.bucketLevelCallsOptional() && S3Errors.status(e) == 403) {
        // Credentials scoped to objects may not look at the bucket itself: object work does not
        // need to, so this explains rather than fails.
        return Check.pass(
            "Bucket",
            "Bucket '"
                + settings.bucket()
                + "' answers object requests; bucket-level calls (HeadBucket) are not allowed to"
                + " these credentials, which is fine for uploads, downloads, listings and links."
                + " 'harden' and bucket administration need "
                + dialect.requiredPermission(
                    "s3:PutLifecycleConfiguration", settings.bucket(), false)
                + ".");
      }
      return Check.pass(
          "Bucket",
          "Bucket '"
              + settings.bucket()
              + "' is reachable (its region could not be read: "
              + S3Errors.map(dialect, e, "HeadBucket").getMessage()
              + ")");
    }
    if (!dialect.checksBucketRegion()) {
      return Check.pass("Bucket", "Bucket '" + settings.bucket() + "' exists");
    }
    if (region == null) {
      region = locationConstraint().orElse(null);
    }
    if (region != null && !region.equals(settings.region())) {
      return wrongRegion(region);
    }
    return Check.pass(
        "Bucket",
        "Bucket '"
            + settings.bucket()
            + "' exists"
            + (region == null ? "" : " in region " + region));
  }

  private Optional<String> locationConstraint() {
    try {
      String location =
          s3.getBucketLocation(b -> b.bucket(settings.bucket())).locationConstraintAsString();
      // An empty constraint is S3's historic name for us-east-1; "EU" for eu-west-1.
      if (location == null || location.isEmpty()) {
        return Optional.of("us-east-1");
      }
      return Optional.of(location.equals("EU") ? "eu-west-1" : location);
    } catch (SdkException e) {
      return Optional.empty();
    }
  }

  private Check wrongRegion(String actual) {
    return Check.fail(
        "Bucket",
        "The bucket is not in region "
            + settings.region()
            + (actual == null ? "" : "; it is in " + actual),
        actual == null
            ? "Set 'region' to the bucket's region (shown in the S3 console)."
            : "Set 'region' to " + actual + ".");
  }

  /** Write, read back and delete a probe object, removing it whatever happens. */
  private void probe(List<Check> checks) {
    String key = PROBE_PREFIX + UUID.randomUUID();
    byte[] bytes = ("stowage verify probe " + key).getBytes(StandardCharsets.UTF_8);
    boolean written = false;
    boolean deleted = false;
    try {
      try {
        s3.putObject(
            b -> b.bucket(settings.bucket()).key(key).contentType("text/plain"),
            RequestBody.fromBytes(bytes));
        written = true;
        checks.add(Check.pass("Write", "Stored a " + bytes.length + "-byte probe object"));
      } catch (SdkException e) {
        checks.add(failure("Write", "Storing a probe object failed", "s3:PutObject", e));
        return;
      }
      try {
        byte[] back = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray();
        checks.add(
            Arrays.equals(bytes, back)
                ? Check.pass("Read", "Read the probe back unchanged")
                : Check.fail(
                    "Read",
                    "The probe came back different (" + back.length + " bytes)",
                    "Something between here and the bucket changes objects (a proxy or a"
                        + " transformation); check the endpoint."));
      } catch (SdkException e) {
        checks.add(failure("Read", "Reading the probe object failed", "s3:GetObject", e));
      }
      try {
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        deleted = true;
        checks.add(Check.pass("Delete", "Deleted the probe object"));
      } catch (SdkException e) {
        checks.add(
            failure(
                "Delete",
                "Deleting the probe object failed; remove '" + key + "' by hand",
                "s3:DeleteObject",
                e));
      }
    } finally {
      if (written && !deleted) {
        try {
          s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (SdkException ignored) {
          // Reported above; nothing more can be done here.
        }
      }
    }
  }

  private Check failure(String name, String what, String action, SdkException e) {
    String code = S3Errors.errorCode(e).orElse("");
    if (code.equals("AccessDenied") || S3Errors.status(e) == 403) {
      return denied(name, what + ": access denied", action, true);
    }
    return Check.fail(
        name,
        what + ": " + S3Errors.map(dialect, e, name).getMessage(),
        S3Errors.status(e) == 0
            ? "The endpoint stopped answering; check the network and try again."
            : "Try again; if it keeps failing, the provider's status page may say why.");
  }

  private Check denied(String name, String what, String action, boolean objects) {
    return Check.fail(
        name,
        what,
        "These credentials need "
            + dialect.requiredPermission(action, settings.bucket(), objects)
            + ".");
  }

  private Check clockCheck(SdkHttpResponse response) {
    Optional<Instant> serverTime =
        Optional.ofNullable(response)
            .flatMap(r -> r.firstMatchingHeader("Date"))
            .flatMap(S3Verifier::parseDate);
    if (serverTime.isEmpty()) {
      return Check.pass("Clock", "The endpoint sent no Date header to compare with");
    }
    Duration skew = Duration.between(serverTime.get(), clock.instant());
    long seconds = Math.abs(skew.toSeconds());
    if (skew.abs().compareTo(MAX_SKEW) <= 0) {
      return Check.pass("Clock", "Within " + seconds + " s of the endpoint's clock");
    }
    return Check.fail(
        "Clock",
        "This machine's clock is "
            + seconds
            + " s "
            + (skew.isNegative() ? "behind" : "ahead of")
            + " the endpoint's",
        "Synchronise the clock (NTP, chrony or systemd-timesyncd): signed links expire early or"
            + " late, and "
            + dialect.serviceName()
            + " refuses requests more than 15 minutes off.");
  }

  private static Optional<SdkHttpResponse> errorResponse(SdkException e) {
    if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException s
        && s.awsErrorDetails() != null) {
      return Optional.ofNullable(s.awsErrorDetails().sdkHttpResponse());
    }
    return Optional.empty();
  }

  private static Optional<Instant> parseDate(String value) {
    try {
      return Optional.of(
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private String endpointName() {
    return settings.endpoint() != null
        ? settings.endpoint().toString()
        : "Amazon S3 (" + settings.region() + ")";
  }
}
