package dev.stowage.s3;

import dev.stowage.BucketInfo;
import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.spi.BucketAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * Lists and creates buckets, and checks names against S3's rules before any request. A bucket in
 * another region than the connection's is created through a client for that region when the
 * endpoint is Amazon's own (a regional endpoint refuses a foreign {@code LocationConstraint}); an
 * S3-compatible endpoint gets the request as it is. Errors say which of "the name is taken by
 * someone else" and "you already own it" happened, and name the right region after a wrong-region
 * answer. (In us-east-1 S3 itself answers success, not BucketAlreadyOwnedByYou, when you create a
 * bucket you already own there: that call succeeds here too.)
 */
final class S3BucketAdmin implements BucketAdmin, AutoCloseable {

  /** The region whose buckets take no {@code LocationConstraint} (sending one is refused). */
  static final String US_EAST_1 = "us-east-1";

  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9.-]+");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
  private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
  // "--table-s3" is reserved for S3 Tables, beside the four older suffixes.
  private static final List<String> RESERVED_SUFFIXES =
      List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

  /** Pages of ListBuckets followed at most, against a server that never stops paging. */
  private static final int MAX_PAGES = 1000;

  private final S3Client s3;
  private final S3Settings settings;
  private final S3Dialect dialect;
  private final Function<String, S3Client> clientForRegion;
  private final Map<String, S3Client> regionalClients = new ConcurrentHashMap<>();

  /**
   * @param clientForRegion makes a client for another region; the clients it makes are closed with
   *     this object
   */
  S3BucketAdmin(S3Client s3, S3Settings settings, Function<String, S3Client> clientForRegion) {
    this(s3, settings, S3Dialect.amazon(), clientForRegion);
  }

  /**
   * In a provider's dialect: its naming rules, the regions (or location hints) it takes and the
   * {@code LocationConstraint} each becomes, its error codes.
   */
  S3BucketAdmin(
      S3Client s3,
      S3Settings settings,
      S3Dialect dialect,
      Function<String, S3Client> clientForRegion) {
    this.s3 = s3;
    this.settings = settings;
    this.dialect = dialect;
    this.clientForRegion = clientForRegion;
  }

  @Override
  public List<BucketInfo> listBuckets() {
    List<BucketInfo> buckets = new ArrayList<>();
    String token = null;
    try {
      for (int page = 0; page < MAX_PAGES; page++) {
        String after = token;
        ListBucketsResponse response = s3.listBuckets(b -> b.continuationToken(after));
        for (Bucket b : response.buckets()) {
          buckets.add(
              BucketInfo.builder(b.name())
                  .creationDate(b.creationDate())
                  .region(b.bucketRegion())
                  .build());
        }
        token = response.continuationToken();
        if (token == null || token.isEmpty()) {
          break;
        }
      }
    } catch (SdkException e) {
      throw failure(
          e,
          "Listing buckets",
          null,
          dialect.requiredPermission("s3:ListAllMyBuckets", null, false));
    }
    return buckets;
  }

  @Override
  public BucketInfo createBucket(String name, String region) {
    validateBucketName(name);
    String target = region == null ? settings.region() : region;
    String problem = dialect.regionProblem(target);
    if (problem != null) {
      throw StorageException.builder(
              Code.INVALID_ARGUMENT, "Invalid region '" + Keys.printable(target) + "': " + problem)
          .bucket(name)
          .build();
    }
    CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(name);
    // Amazon: us-east-1 is S3's default and refuses to be named; every other region must be.
    dialect
        .locationConstraint(target)
        .ifPresent(
            location -> request.createBucketConfiguration(c -> c.locationConstraint(location)));
    try {
      clientFor(target).createBucket(request.build());
    } catch (SdkException e) {
      throw createFailure(e, name, target);
    }
    return BucketInfo.builder(name).region(target).build();
  }

  @Override
  public void validateBucketName(String name) {
    String problem =
        name == null || name.isEmpty() ? "it is empty" : dialect.bucketNameProblem(name);
    if (problem != null) {
      throw StorageException.builder(
              Code.INVALID_ARGUMENT,
              "Invalid bucket name '"
                  + (name == null ? "" : Keys.printable(name))
                  + "': "
                  + problem)
          .bucket(name == null ? null : Keys.printable(name))
          .build();
    }
  }

  /** The S3 naming rule {@code name} breaks, in words, or null when it keeps them all. */
  static String nameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() < 3 || name.length() > 63) {
      return "it is " + name.length() + " characters long; S3 allows 3 to 63";
    }
    if (!ALLOWED.matcher(name).matches()) {
      if (!name.toLowerCase(Locale.ROOT).equals(name)) {
        return "it contains upper-case letters; only lower-case letters, digits, '.' and '-' are"
            + " allowed";
      }
      return "it contains characters other than lower-case letters, digits, '.' and '-'";
    }
    if (!alphanumeric(name.charAt(0)) || !alphanumeric(name.charAt(name.length() - 1))) {
      return "it must begin and end with a lower-case letter or a digit";
    }
    if (name.contains("..")) {
      return "it contains two adjacent periods ('..')";
    }
    if (IP_ADDRESS.matcher(name).matches()) {
      return "it is formatted as an IP address";
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return "it starts with '" + prefix + "', a prefix S3 reserves";
      }
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return "it ends with '" + suffix + "', a suffix S3 reserves";
      }
    }
    return null;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private S3Client clientFor(String region) {
    if (settings.endpoint() != null || region.equals(settings.region())) {
      return s3;
    }
    return regionalClients.computeIfAbsent(region, clientForRegion);
  }

  private StorageException createFailure(SdkException e, String name, String region) {
    String what = "Creating bucket '" + name + "'";
    StorageException mapped = S3Errors.map(dialect, e, what);
    return switch (S3Errors.errorCode(e).orElse("")) {
      case "BucketAlreadyExists" ->
          rewrite(
              mapped,
              name,
              what
                  + " failed: the name is taken by another account (BucketAlreadyExists). Bucket"
                  + " names are shared by every account of the provider; choose another name.");
      case "BucketAlreadyOwnedByYou" ->
          rewrite(
              mapped,
              name,
              what
                  + " failed: the bucket exists and you already own it (BucketAlreadyOwnedByYou);"
                  + " nothing was changed, use it as it is.");
      case "InvalidLocationConstraint", "IllegalLocationConstraintException" ->
          rewrite(
              mapped,
              name,
              mapped.getMessage()
                  + ". Region '"
                  + region
                  + "' was refused for a new bucket at this endpoint; check the region name.");
      default -> failure(e, what, name, dialect.requiredPermission("s3:CreateBucket", name, false));
    };
  }

  /** The mapped error, naming the right region after a wrong-region answer. */
  private StorageException failure(SdkException e, String what, String bucket, String permission) {
    StorageException mapped = S3Errors.map(dialect, e, what);
    String s3Code = S3Errors.errorCode(e).orElse("");
    boolean wrongRegion =
        S3Errors.status(e) == 301
            || s3Code.equals("PermanentRedirect")
            || s3Code.equals("AuthorizationHeaderMalformed");
    String more = "";
    if (wrongRegion) {
      // S3Errors' hint names the right region whenever the answer tells it.
      more =
          S3Errors.bucketRegion(e).isPresent()
              ? ""
              : ". The request went to the wrong region; set 'region' to the right one";
    } else if (mapped.code() == Code.PERMISSION_DENIED && s3Code.equals("AccessDenied")) {
      more = ". These credentials need " + permission;
    }
    return rewrite(mapped, bucket, mapped.getMessage() + more);
  }

  private static StorageException rewrite(StorageException e, String bucket, String message) {
    return StorageException.builder(e.code(), message)
        .cause(e.getCause())
        .retryable(e.retryable())
        .requestId(e.requestId())
        .bucket(bucket)
        .build();
  }

  /** Closes the clients made for other regions (the connection's own client is not ours). */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (S3Client client : regionalClients.values()) {
      try {
        client.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    regionalClients.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
