package dev.stowage.s3;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.Feature;
import dev.stowage.Keys;
import dev.stowage.VerifyRequest;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The "Check again" button, for the features the host says the connection is used for ({@link
 * VerifyRequest}): credentials accepted; with LIST, the bucket listed and found in the configured
 * region; with WRITE, a probe object written (read back with READ, deleted with DELETE, and removed
 * whatever happens); without WRITE, READ asks for a key that does not exist (404 proves reading, a
 * 403 leaves it unconfirmed unless the host gave a probe key to read) and DELETE deletes one; with
 * BUCKET_ADMIN, the account's buckets listed; and the clock against the endpoint's. A read-only key
 * is never asked to list or write. Object features outside the request are reported NOT_NEEDED.
 * Each failure says in plain words what to fix, naming the IAM action (or R2 token permission) a
 * denied check needs. Never throws for a failed check.
 */
final class S3Verifier {

  static final String PROBE_PREFIX = ".stowage-verify/";

  /** Skew at which presigned links start to expire visibly early or late. */
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  /** The check that stands for each object feature. */
  private static final Map<Feature, String> CHECK_NAMES =
      Map.of(
          Feature.READ, "Read",
          Feature.LIST, "List",
          Feature.WRITE, "Write",
          Feature.DELETE, "Delete");

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

  ConnectionReport verify(VerifyRequest request) {
    List<Check> checks = new ArrayList<>();
    try {
      run(request, new Run(checks));
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

  /**
   * What one "Check again" has learnt so far: the checks, whether the credentials are known to be
   * accepted, and the first answer's Date header (for the clock check).
   */
  private final class Run {
    final List<Check> checks;
    SdkHttpResponse dated;
    boolean credentialsAccepted;

    Run(List<Check> checks) {
      this.checks = checks;
    }

    /** An answer came back: the credentials work. */
    void answered(SdkHttpResponse response) {
      if (dated == null) {
        dated = response;
      }
      credentialsAccepted();
    }

    void credentialsAccepted() {
      if (!credentialsAccepted) {
        credentialsAccepted = true;
        checks.add(Check.pass("Credentials", "Accepted by the endpoint"));
      }
    }

    /**
     * A request failed: true (with the checks added) when the failure is the connection's itself,
     * so no further check means anything: no answer, unknown key, wrong secret, expired token,
     * skewed clock, no such bucket, wrong region. Otherwise (a denial, say) the credentials were
     * accepted, as S3 authenticates before it authorises.
     */
    boolean ends(SdkException e) {
      if (dated == null) {
        dated = errorResponse(e).orElse(null);
      }
      String code = S3Errors.errorCode(e).orElse("");
      if (S3Errors.status(e) == 0) {
        checks.add(
            Check.fail(
                "Endpoint",
                "No answer from "
                    + endpointName()
                    + ": "
                    + S3Errors.map(dialect, e, "Checking").getMessage(),
                "Check the endpoint URL, the network and any proxy between here and "
                    + dialect.serviceName()
                    + "."));
        return true;
      }
      switch (code) {
        case "InvalidAccessKeyId" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The endpoint does not know this access key ID",
                  dialect.unknownAccessKeyHint()));
          return true;
        }
        case "SignatureDoesNotMatch" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The secret access key does not match the access key ID",
                  "Paste the secret access key again; it is shown only once, when the key is"
                      + " created. Create a new key if it is lost."));
          return true;
        }
        case "ExpiredToken", "InvalidToken", "TokenRefreshRequired" -> {
          checks.add(
              Check.fail(
                  "Credentials",
                  "The session token has expired or is invalid",
                  "Temporary credentials expire: fetch new ones, or use a long-lived key."));
          return true;
        }
        case "RequestTimeTooSkewed" -> {
          checks.add(
              Check.fail(
                  "Clock",
                  "The endpoint refused the request because this machine's clock is off",
                  "Synchronise the clock (NTP, chrony or systemd-timesyncd)."));
          return true;
        }
        case "NoSuchBucket" -> {
          credentialsAccepted();
          checks.add(
              Check.fail(
                  "Bucket",
                  "There is no bucket named '" + settings.bucket() + "' at " + endpointName(),
                  dialect.noSuchBucketHint()));
          return true;
        }
        default -> {
          if (dialect.checksBucketRegion()
              && (S3Errors.status(e) == 301 || code.equals("AuthorizationHeaderMalformed"))) {
            credentialsAccepted();
            checks.add(wrongRegion(S3Errors.header(e, "x-amz-bucket-region").orElse(null)));
            return true;
          }
          return false;
        }
      }
    }
  }

  private void run(VerifyRequest request, Run run) {
    List<Check> checks = run.checks;
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
    if (request.checks(Feature.LIST) && !listChecks(run)) {
      return;
    }
    if (!objectChecks(request, run)) {
      return;
    }
    if (request.checks(Feature.BUCKET_ADMIN)) {
      Check admin = bucketAdminCheck(run);
      if (admin == null) {
        return;
      }
      checks.add(admin);
    }
    if (request.checks(Feature.HARDEN)) {
      checks.add(
          Check.unconfirmed(
              "Bucket settings",
              "Check again does not read the bucket's security settings",
              "Run harden as a dry run (the security cards): it reads each setting and names a"
                  + " missing permission."));
    }
    if (!run.credentialsAccepted) {
      checks.add(
          Check.unconfirmed(
              "Credentials",
              "No request was needed for the features checked",
              "Run harden as a dry run to try the credentials."));
    }
    for (Feature feature : Feature.OBJECTS) {
      String name = CHECK_NAMES.get(feature);
      // A left-over probe may have said why Delete was not checked already.
      if (!request.checks(feature) && checks.stream().noneMatch(c -> c.name().equals(name))) {
        checks.add(Check.notNeeded(name, "Not checked: this connection is not used for it"));
      }
    }
    checks.add(clockCheck(run.dated));
  }

  /**
   * One listing answers most questions at once: S3 tells a bad key ID from a bad secret, a missing
   * bucket from a denied one, in its error code. False when the connection itself failed.
   */
  private boolean listChecks(Run run) {
    List<Check> checks = run.checks;
    boolean listed;
    try {
      ListObjectsV2Response page =
          s3.listObjectsV2(b -> b.bucket(settings.bucket()).prefix(PROBE_PREFIX).maxKeys(1));
      run.answered(page.sdkHttpResponse());
      listed = true;
    } catch (SdkException e) {
      if (run.ends(e)) {
        return false;
      }
      String code = S3Errors.errorCode(e).orElse("");
      if (code.equals("AccessDenied") || S3Errors.status(e) == 403) {
        run.credentialsAccepted();
        checks.add(denied("List", "Listing the bucket was denied", S3Policies.LIST_BUCKET, false));
        listed = false;
      } else {
        checks.add(
            Check.fail(
                "Credentials",
                S3Errors.map(dialect, e, "Listing").getMessage(),
                "Check the endpoint, bucket and credentials settings."));
        return false;
      }
    }
    checks.add(bucketCheck());
    if (listed) {
      checks.add(Check.pass("List", "Listed the bucket"));
    }
    return true;
  }

  /** {@code s3:ListAllMyBuckets}; null when the connection itself failed. */
  private Check bucketAdminCheck(Run run) {
    try {
      run.answered(s3.listBuckets().sdkHttpResponse());
      return Check.pass("Bucket administration", "Listed the account's buckets");
    } catch (SdkException e) {
      if (run.ends(e)) {
        return null;
      }
      run.credentialsAccepted();
      return failure(
          "Bucket administration",
          "Listing the account's buckets failed",
          e,
          dialect.requiredPermission(S3Policies.LIST_ALL_MY_BUCKETS, null, false));
    }
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

  /**
   * The object checks the request names, on a probe key under {@value #PROBE_PREFIX}: WRITE stores
   * a probe (READ reads it back, DELETE deletes it); without WRITE, READ asks for a key that does
   * not exist (or reads the host's probe key) and DELETE deletes a missing key, so a read-only key
   * is never asked to write. A written probe is removed whatever happens. False when the connection
   * itself failed.
   */
  private boolean objectChecks(VerifyRequest request, Run run) {
    List<Check> checks = run.checks;
    String key = PROBE_PREFIX + UUID.randomUUID();
    byte[] bytes = ("stowage verify probe " + key).getBytes(StandardCharsets.UTF_8);
    boolean written = false;
    boolean deleted = false;
    try {
      if (request.checks(Feature.WRITE)) {
        try {
          run.answered(
              s3.putObject(
                      b -> b.bucket(settings.bucket()).key(key).contentType("text/plain"),
                      RequestBody.fromBytes(bytes))
                  .sdkHttpResponse());
          written = true;
          checks.add(Check.pass("Write", "Stored a " + bytes.length + "-byte probe object"));
        } catch (SdkException e) {
          if (run.ends(e)) {
            return false;
          }
          run.credentialsAccepted();
          checks.add(failure("Write", "Storing a probe object failed", S3Policies.PUT_OBJECT, e));
        }
      }
      if (request.checks(Feature.READ)) {
        Check read =
            written
                ? readBack(key, bytes)
                : request.readProbeKey().isPresent()
                    ? readKnown(request.readProbeKey().get(), run)
                    : readMissing(key, run);
        if (read == null) {
          return false;
        }
        checks.add(read);
      }
      if (request.checks(Feature.DELETE)) {
        try {
          run.answered(
              s3.deleteObject(b -> b.bucket(settings.bucket()).key(key)).sdkHttpResponse());
          deleted = written;
          checks.add(
              Check.pass(
                  "Delete",
                  written
                      ? "Deleted the probe object"
                      : "Deleting is allowed (a probe key that does not exist was deleted)"));
        } catch (SdkException e) {
          if (run.ends(e)) {
            return false;
          }
          run.credentialsAccepted();
          checks.add(
              failure(
                  "Delete",
                  written
                      ? "Deleting the probe object failed; remove '" + key + "' by hand"
                      : "Deleting a probe key failed",
                  S3Policies.DELETE_OBJECT,
                  e));
        }
      }
    } finally {
      if (written && !deleted && !removeQuietly(key) && !request.checks(Feature.DELETE)) {
        // Not a failure of the connection (it was not asked to delete): say what is left over.
        checks.add(
            Check.notNeeded(
                "Delete",
                "Not checked; without delete permission the probe '"
                    + key
                    + "' stays: remove it by hand"));
      }
    }
    return true;
  }

  private boolean removeQuietly(String key) {
    try {
      s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
      return true;
    } catch (SdkException ignored) {
      return false;
    }
  }

  private Check readBack(String key, byte[] bytes) {
    try {
      byte[] back = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray();
      return Arrays.equals(bytes, back)
          ? Check.pass("Read", "Read the probe back unchanged")
          : Check.fail(
              "Read",
              "The probe came back different (" + back.length + " bytes)",
              "Something between here and the bucket changes objects (a proxy or a"
                  + " transformation); check the endpoint.");
    } catch (SdkException e) {
      return failure("Read", "Reading the probe object failed", S3Policies.GET_OBJECT, e);
    }
  }

  /**
   * Reading without writing: a GET of a key that does not exist. 404 proves reads are allowed. 403
   * proves nothing: S3 answers it for a missing key to credentials without {@code s3:ListBucket}
   * (the download-only policy) whether or not they may read, so the check is unconfirmed and says
   * how to confirm it (a probe key). Null when the connection itself failed.
   */
  private Check readMissing(String key, Run run) {
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(settings.bucket()).key(key).range("bytes=0-0"))) {
      run.answered(in.response().sdkHttpResponse());
      return Check.pass("Read", "Read a probe key");
    } catch (java.io.IOException e) {
      return Check.pass("Read", "Read a probe key");
    } catch (SdkException e) {
      if (run.ends(e)) {
        return null;
      }
      run.credentialsAccepted();
      int status = S3Errors.status(e);
      if (status == 404) {
        return Check.pass(
            "Read", "Reading is allowed: a probe key that does not exist answered 404 Not Found");
      }
      if (status == 403) {
        return Check.unconfirmed(
            "Read",
            "A probe key that does not exist answered 403 Access Denied: "
                + dialect.serviceName()
                + " answers that to credentials that may read but not list, and to credentials"
                + " that may not read",
            "To confirm, check again with the key of an object that exists"
                + " (VerifyRequest.Builder.readProbeKey). If downloads fail, these credentials need "
                + dialect.requiredPermission(S3Policies.GET_OBJECT, settings.bucket(), true)
                + ".");
      }
      return failure("Read", "Reading a probe key failed", S3Policies.GET_OBJECT, e);
    }
  }

  /** Reads the first byte of an object the host says exists. Null when the connection failed. */
  private Check readKnown(String key, Run run) {
    String shown = "'" + Keys.printable(key) + "'";
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(settings.bucket()).key(key).range("bytes=0-0"))) {
      run.answered(in.response().sdkHttpResponse());
      in.readAllBytes();
      return Check.pass("Read", "Read the first byte of " + shown);
    } catch (java.io.IOException e) {
      return Check.fail(
          "Read",
          "Reading " + shown + " broke off: " + e.getClass().getSimpleName(),
          "Try again; if it keeps failing, check the network and the endpoint.");
    } catch (SdkException e) {
      if (run.ends(e)) {
        return null;
      }
      run.credentialsAccepted();
      if (S3Errors.status(e) == 404) {
        return Check.fail(
            "Read",
            "The probe key " + shown + " does not exist",
            "Pass the key of an object that exists as the read probe key.");
      }
      return failure("Read", "Reading " + shown + " failed", S3Policies.GET_OBJECT, e);
    }
  }

  /** A failed check on the bucket's objects: a denial names the IAM action or R2 permission. */
  private Check failure(String name, String what, String action, SdkException e) {
    return failure(name, what, e, dialect.requiredPermission(action, settings.bucket(), true));
  }

  /**
   * A failed check: a denial says the credentials need {@code permission} (a phrase from {@link
   * S3Dialect#requiredPermission}); anything else says to try again.
   */
  private Check failure(String name, String what, SdkException e, String permission) {
    String code = S3Errors.errorCode(e).orElse("");
    if (code.equals("AccessDenied") || S3Errors.status(e) == 403) {
      return Check.fail(
          name, what + ": access denied", "These credentials need " + permission + ".");
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
