package dev.stowage.s3;

import dev.stowage.DriverConfig;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 driver's settings, read once from a resolved {@link DriverConfig} and checked: what {@code
 * open} may refuse with {@code CONFIG_INVALID} is refused here, before any client exists.
 */
record S3Settings(
    String bucket,
    String region,
    URI endpoint,
    Secret accessKeyId,
    Secret secretAccessKey,
    Secret sessionToken,
    boolean defaultChain,
    long multipartThreshold,
    int partSize,
    int partsInFlight,
    long uploadMemory,
    Downloads downloads) {

  /**
   * How downloads to a file travel: objects above {@code threshold} bytes as parallel ranged GETs
   * of {@code partSize} bytes, at most {@code partsInFlight} at once.
   */
  record Downloads(long threshold, long partSize, int partsInFlight) {}

  static final long MIN_DOWNLOAD_PART_BYTES = 1024 * 1024;

  static final long MIB = 1024 * 1024;
  static final long MIN_PART_BYTES = 5 * MIB;
  static final long MAX_PART_BYTES = 5 * 1024 * MIB;
  static final int MAX_PARTS_IN_FLIGHT = 64;
  static final long DEFAULT_UPLOAD_MEMORY = 64 * MIB;

  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|k|kib|m|mib|g|gib)", Pattern.CASE_INSENSITIVE);
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Reads and checks the settings; fails with {@code CONFIG_INVALID} naming the setting. */
  static S3Settings from(DriverConfig config) {
    String bucket = config.require(S3DriverProvider.BUCKET);
    if (bucket.contains("/") || bucket.chars().anyMatch(Character::isWhitespace)) {
      throw invalid(S3DriverProvider.BUCKET, "is a bucket name, without '/' or spaces");
    }
    String region = config.value(S3DriverProvider.REGION).orElse(S3DriverProvider.DEFAULT_REGION);
    if (!REGION.matcher(region).matches()) {
      throw invalid(S3DriverProvider.REGION, "must be a region name such as eu-west-1");
    }
    URI endpoint = config.uriValue(S3DriverProvider.ENDPOINT).orElse(null);
    if (endpoint != null && !endpoint.getScheme().matches("(?i)https?")) {
      throw invalid(S3DriverProvider.ENDPOINT, "must be an http:// or https:// URL");
    }
    Secret accessKeyId = credential(config, S3DriverProvider.ACCESS_KEY_ID);
    Secret secretAccessKey = credential(config, S3DriverProvider.SECRET_ACCESS_KEY);
    Secret sessionToken = credential(config, S3DriverProvider.SESSION_TOKEN);
    boolean defaultChain = defaultChain(config);
    if (defaultChain) {
      if (accessKeyId != null || secretAccessKey != null || sessionToken != null) {
        throw StorageException.of(
            StorageException.Code.CONFIG_INVALID,
            "Settings '"
                + S3DriverProvider.CREDENTIALS
                + "="
                + S3DriverProvider.CREDENTIALS_DEFAULT_CHAIN
                + "' and explicit keys contradict each other: remove '"
                + S3DriverProvider.ACCESS_KEY_ID
                + "', '"
                + S3DriverProvider.SECRET_ACCESS_KEY
                + "' and '"
                + S3DriverProvider.SESSION_TOKEN
                + "', or set '"
                + S3DriverProvider.CREDENTIALS
                + "="
                + S3DriverProvider.CREDENTIALS_STATIC
                + "'");
      }
    } else if (accessKeyId == null || secretAccessKey == null) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Settings '"
              + S3DriverProvider.ACCESS_KEY_ID
              + "' and '"
              + S3DriverProvider.SECRET_ACCESS_KEY
              + "' are required (missing: "
              + (accessKeyId == null && secretAccessKey == null
                  ? "both"
                  : accessKeyId == null
                      ? S3DriverProvider.ACCESS_KEY_ID
                      : S3DriverProvider.SECRET_ACCESS_KEY)
              + "); to use this host's AWS default credential chain instead, set '"
              + S3DriverProvider.CREDENTIALS
              + "="
              + S3DriverProvider.CREDENTIALS_DEFAULT_CHAIN
              + "'");
    }
    long partSize = bytes(config, S3DriverProvider.PART_SIZE);
    if (partSize < MIN_PART_BYTES
        || partSize > MAX_PART_BYTES
        || partSize > Integer.MAX_VALUE - 8) {
      throw invalid(S3DriverProvider.PART_SIZE, "must be between 5 MiB and 2 GiB");
    }
    long inFlight = config.longValue(S3DriverProvider.PARTS_IN_FLIGHT).orElseThrow();
    if (inFlight < 1 || inFlight > MAX_PARTS_IN_FLIGHT) {
      throw invalid(
          S3DriverProvider.PARTS_IN_FLIGHT, "must be between 1 and " + MAX_PARTS_IN_FLIGHT);
    }
    long threshold = bytes(config, S3DriverProvider.MULTIPART_THRESHOLD);
    // One PUT is sent from one buffer: a Java array, so below 2 GiB.
    if (threshold < 0 || threshold > Integer.MAX_VALUE - 8) {
      throw invalid(S3DriverProvider.MULTIPART_THRESHOLD, "must be between 0 and 2 GiB");
    }
    // Deciding between one PUT and a multipart upload buffers up to the threshold, plus the part
    // that shows the stream goes on: that must fit the same budget as the parts in flight.
    if (threshold / partSize + 1 > inFlight) {
      throw invalid(
          S3DriverProvider.MULTIPART_THRESHOLD,
          "must be below "
              + S3DriverProvider.PARTS_IN_FLIGHT
              + " × "
              + S3DriverProvider.PART_SIZE
              + " ("
              + inFlight * partSize
              + " bytes), the memory an upload may use");
    }
    // Unset: 64 MiB, or one upload's full allowance if that is more (configurations that set
    // large parts before this setting existed keep working, one such upload at a time).
    long uploadMemory =
        config.value(S3DriverProvider.UPLOAD_MEMORY).isPresent()
            ? bytes(config, S3DriverProvider.UPLOAD_MEMORY)
            : Math.max(DEFAULT_UPLOAD_MEMORY, inFlight * partSize);
    // A stream of unknown length holds the threshold and one part more while it decides between
    // one PUT and a multipart upload, all at once: the store's budget must fit that (and so one
    // part, and one single PUT), or such an upload could never start.
    long oneUploadNeeds = (threshold / partSize + 1) * partSize;
    if (uploadMemory < oneUploadNeeds) {
      throw invalid(
          S3DriverProvider.UPLOAD_MEMORY,
          "must be at least "
              + oneUploadNeeds
              + " bytes: one upload of unknown length holds "
              + S3DriverProvider.MULTIPART_THRESHOLD
              + " and one "
              + S3DriverProvider.PART_SIZE
              + " more at once");
    }
    return new S3Settings(
        bucket,
        region,
        endpoint,
        accessKeyId,
        secretAccessKey,
        sessionToken,
        defaultChain,
        threshold,
        (int) partSize,
        (int) inFlight,
        uploadMemory,
        downloads(config));
  }

  /** Whether the endpoint is Amazon's own (no override, or an amazonaws.com / api.aws host). */
  boolean amazonEndpoint() {
    if (endpoint == null) {
      return true;
    }
    String host = endpoint.getHost().toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com")
        || host.endsWith(".amazonaws.com.cn")
        || host.endsWith(".api.aws");
  }

  /** The same settings for another region (a bucket created elsewhere, say). */
  S3Settings withRegion(String otherRegion) {
    return new S3Settings(
        bucket,
        otherRegion,
        endpoint,
        accessKeyId,
        secretAccessKey,
        sessionToken,
        defaultChain,
        multipartThreshold,
        partSize,
        partsInFlight,
        uploadMemory,
        downloads);
  }

  private static Downloads downloads(DriverConfig config) {
    long threshold = bytes(config, S3DriverProvider.DOWNLOAD_THRESHOLD);
    long partSize = bytes(config, S3DriverProvider.DOWNLOAD_PART_SIZE);
    if (partSize < MIN_DOWNLOAD_PART_BYTES || partSize > MAX_PART_BYTES) {
      throw invalid(S3DriverProvider.DOWNLOAD_PART_SIZE, "must be between 1 MiB and 5 GiB");
    }
    long inFlight = config.longValue(S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT).orElseThrow();
    if (inFlight < 1 || inFlight > MAX_PARTS_IN_FLIGHT) {
      throw invalid(
          S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT,
          "must be between 1 and " + MAX_PARTS_IN_FLIGHT);
    }
    return new Downloads(threshold, partSize, (int) inFlight);
  }

  /** The most bytes one upload holds in memory (all the store's uploads: {@code uploadMemory}). */
  long uploadMemoryBudget() {
    return (long) partSize * partsInFlight;
  }

  /** Where credentials come from: {@code static} (the default) or {@code default-chain}. */
  private static boolean defaultChain(DriverConfig config) {
    String value =
        config
            .value(S3DriverProvider.CREDENTIALS)
            .map(v -> v.strip().toLowerCase(Locale.ROOT))
            .filter(v -> !v.isEmpty())
            .orElse(S3DriverProvider.CREDENTIALS_STATIC);
    return switch (value) {
      case S3DriverProvider.CREDENTIALS_STATIC -> false;
      case S3DriverProvider.CREDENTIALS_DEFAULT_CHAIN -> true;
      default ->
          throw invalid(
              S3DriverProvider.CREDENTIALS,
              "must be "
                  + S3DriverProvider.CREDENTIALS_STATIC
                  + " (the keys set here) or "
                  + S3DriverProvider.CREDENTIALS_DEFAULT_CHAIN
                  + " (this host's AWS default chain)");
    };
  }

  private static Secret credential(DriverConfig config, String name) {
    Optional<Secret> secret = config.secret(name).filter(s -> !s.isEmpty());
    if (secret.isEmpty()) {
      return null;
    }
    // Surrounding whitespace was trimmed (Store warns about it); whitespace inside is no paste
    // slip that can be fixed silently, and would only fail later as a bad signature.
    if (secret.get().reveal().chars().anyMatch(Character::isWhitespace)) {
      throw invalid(name, "contains whitespace inside it; paste the value again");
    }
    return secret.get();
  }

  private static long bytes(DriverConfig config, String name) {
    String value = config.require(name).strip();
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw invalid(name, "must be a size in bytes, or with KiB, MiB or GiB, was '" + value + "'");
    }
    long unit =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k", "kib" -> 1024;
          case "m", "mib" -> MIB;
          case "g", "gib" -> 1024 * MIB;
          default -> 1;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(name, "is too large");
    }
  }

  private static StorageException invalid(String name, String what) {
    return StorageException.of(
        StorageException.Code.CONFIG_INVALID, "Setting '" + name + "' " + what);
  }

  @Override
  public String toString() {
    // Never the credentials themselves: a record's default toString would print them masked, but
    // say so explicitly.
    return "S3Settings[bucket="
        + bucket
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (defaultChain ? "default chain" : accessKeyId.masked())
        + "]";
  }
}
