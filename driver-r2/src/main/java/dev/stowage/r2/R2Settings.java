package dev.stowage.r2;

import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import dev.stowage.s3.S3DriverProvider;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The R2-only settings, read once from a resolved {@link DriverConfig} and checked; the rest
 * (bucket, credentials, multipart sizes) are the S3 core's and are checked by it. {@link #s3Config}
 * is what the core is opened with.
 *
 * @param endpoint the S3 API URL: derived from the account and jurisdiction, or the {@code
 *     endpoint} override
 * @param publicBaseUrl where the bucket is public (custom domain or r2.dev), or null
 */
record R2Settings(
    String accountId,
    R2Jurisdiction jurisdiction,
    URI endpoint,
    boolean endpointOverridden,
    String bucket,
    URI publicBaseUrl) {

  /** Cloudflare account IDs: 32 hexadecimal digits. */
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9a-f]{32}");

  /** The settings passed on to the S3 core unchanged. */
  private static final List<String> PLAIN =
      List.of(
          S3DriverProvider.BUCKET,
          S3DriverProvider.CREDENTIALS,
          S3DriverProvider.MULTIPART_THRESHOLD,
          S3DriverProvider.PART_SIZE,
          S3DriverProvider.PARTS_IN_FLIGHT,
          S3DriverProvider.UPLOAD_MEMORY,
          S3DriverProvider.DOWNLOAD_THRESHOLD,
          S3DriverProvider.DOWNLOAD_PART_SIZE,
          S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT);

  private static final List<String> SECRETS =
      List.of(
          S3DriverProvider.ACCESS_KEY_ID,
          S3DriverProvider.SECRET_ACCESS_KEY,
          S3DriverProvider.SESSION_TOKEN);

  static R2Settings from(DriverConfig config) {
    String accountId = config.require(R2DriverProvider.ACCOUNT_ID).strip();
    String lower = accountId.toLowerCase(Locale.ROOT);
    if (lower.contains(R2Jurisdiction.DOMAIN)) {
      throw invalid(
          R2DriverProvider.ACCOUNT_ID,
          "is the account ID alone (32 hexadecimal characters), not the endpoint URL; copy it from"
              + " the Cloudflare dashboard (R2 overview, Account details)");
    }
    if (!ACCOUNT_ID.matcher(lower).matches()) {
      throw invalid(
          R2DriverProvider.ACCOUNT_ID,
          "must be a Cloudflare account ID: 32 hexadecimal characters (the R2 overview of the"
              + " dashboard shows it)");
    }
    String jurisdictionValue = config.value(R2DriverProvider.JURISDICTION).orElse("");
    R2Jurisdiction jurisdiction =
        R2Jurisdiction.parse(jurisdictionValue)
            .orElseThrow(
                () ->
                    invalid(
                        R2DriverProvider.JURISDICTION,
                        "must be eu, fedramp or us (or unset for none), was '"
                            + jurisdictionValue
                            + "'"));
    URI override = config.uriValue(R2DriverProvider.ENDPOINT).orElse(null);
    if (override != null && !override.getScheme().matches("(?i)https?")) {
      throw invalid(R2DriverProvider.ENDPOINT, "must be an http:// or https:// URL");
    }
    URI endpoint = override != null ? override : jurisdiction.endpoint(lower);
    URI publicBaseUrl = config.uriValue(R2DriverProvider.PUBLIC_BASE_URL).orElse(null);
    if (publicBaseUrl != null) {
      if (!publicBaseUrl.getScheme().matches("(?i)https?")) {
        throw invalid(R2DriverProvider.PUBLIC_BASE_URL, "must be an http:// or https:// URL");
      }
      if (publicBaseUrl.getRawQuery() != null || publicBaseUrl.getRawFragment() != null) {
        throw invalid(R2DriverProvider.PUBLIC_BASE_URL, "must have no query or fragment");
      }
      if (publicBaseUrl.getHost().toLowerCase(Locale.ROOT).endsWith(R2Jurisdiction.DOMAIN)) {
        throw invalid(
            R2DriverProvider.PUBLIC_BASE_URL,
            "is the public URL of the bucket (a custom domain, or its r2.dev subdomain), not the"
                + " S3 API endpoint, which never serves objects without a signature");
      }
    }
    return new R2Settings(
        lower,
        jurisdiction,
        endpoint,
        override != null,
        config.require(S3DriverProvider.BUCKET),
        publicBaseUrl);
  }

  /** The S3 core's settings: R2's endpoint, region {@code auto}, and what passes through. */
  DriverConfig s3Config(DriverConfig config) {
    DriverConfig.Builder s3 =
        DriverConfig.builder()
            .set(S3DriverProvider.ENDPOINT, endpoint.toString())
            .set(S3DriverProvider.REGION, R2Dialect.REGION);
    for (String name : PLAIN) {
      config.value(name).ifPresent(v -> s3.set(name, v));
    }
    for (String name : SECRETS) {
      config.secret(name).ifPresent(v -> s3.secret(name, v));
    }
    return s3.build();
  }

  private static StorageException invalid(String name, String what) {
    return StorageException.of(
        StorageException.Code.CONFIG_INVALID, "Setting '" + name + "' " + what);
  }
}
