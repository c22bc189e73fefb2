package dev.stowage.r2;

import com.google.auto.service.AutoService;
import dev.stowage.Badge;
import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.s3.S3DriverProvider;
import dev.stowage.s3.S3StorageDriver;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The {@code r2} driver's entry point: Cloudflare R2 through its S3 API, on the {@code s3} driver's
 * core in {@linkplain R2Dialect R2's dialect}. The endpoint comes from the account ID and
 * jurisdiction; requests are path-style in region {@code auto}, without {@code aws-chunked} bodies,
 * default checksums or ACL headers.
 */
@AutoService(StorageDriverProvider.class)
public final class R2DriverProvider implements StorageDriverProvider {

  public static final String ID = "r2";

  public static final String ACCOUNT_ID = "accountId";
  public static final String JURISDICTION = "jurisdiction";
  public static final String BUCKET = S3DriverProvider.BUCKET;
  public static final String CREDENTIALS = S3DriverProvider.CREDENTIALS;
  public static final String ACCESS_KEY_ID = S3DriverProvider.ACCESS_KEY_ID;
  public static final String SECRET_ACCESS_KEY = S3DriverProvider.SECRET_ACCESS_KEY;
  public static final String SESSION_TOKEN = S3DriverProvider.SESSION_TOKEN;
  public static final String PUBLIC_BASE_URL = "publicBaseUrl";
  public static final String ENDPOINT = S3DriverProvider.ENDPOINT;
  public static final String MULTIPART_THRESHOLD = S3DriverProvider.MULTIPART_THRESHOLD;
  public static final String PART_SIZE = S3DriverProvider.PART_SIZE;
  public static final String PARTS_IN_FLIGHT = S3DriverProvider.PARTS_IN_FLIGHT;
  public static final String UPLOAD_MEMORY = S3DriverProvider.UPLOAD_MEMORY;

  // Built once: discovery instantiates every provider, so construction must be cheap.
  private static final DriverDescriptor DESCRIPTOR =
      new DriverDescriptor(
          ID,
          new Badge("R2", "#f38020", "Cloudflare R2"),
          "Cloudflare R2 object storage, through its S3-compatible API.");

  private static final ConfigSchema SCHEMA =
      S3DriverProvider.withDownloadSettings(
          ConfigProperty.required(
                  ACCOUNT_ID,
                  "Your Cloudflare account ID (32 hexadecimal characters, shown on the R2 overview);"
                      + " the endpoint is https://<accountId>.r2.cloudflarestorage.com.")
              .locating(),
          ConfigProperty.optional(
                  JURISDICTION,
                  null,
                  "The bucket's jurisdiction: eu, fedramp or us (unset for none). It picks the"
                      + " endpoint https://<accountId>.<jurisdiction>.r2.cloudflarestorage.com.")
              .locating(),
          ConfigProperty.required(BUCKET, "The bucket holding the files.").locating(),
          ConfigProperty.optional(
              CREDENTIALS,
              S3DriverProvider.CREDENTIALS_STATIC,
              S3DriverProvider.CREDENTIALS_DESCRIPTION),
          ConfigProperty.secret(
              ACCESS_KEY_ID,
              false,
              "Access Key ID of an R2 API token (R2 > Manage API tokens); required unless"
                  + " credentials=default-chain."),
          ConfigProperty.secret(SECRET_ACCESS_KEY, false, "Secret Access Key of the R2 API token."),
          ConfigProperty.secret(
              SESSION_TOKEN, false, "Session token, for R2 temporary credentials only."),
          ConfigProperty.optional(
                  PUBLIC_BASE_URL,
                  null,
                  "Where the bucket is public, if it is: its custom domain or r2.dev URL, e.g."
                      + " https://files.shop.example. Public links (publicUrl) start with it.")
              .locating(),
          ConfigProperty.optional(
                  ENDPOINT,
                  null,
                  "Overrides the endpoint derived from accountId and jurisdiction: for a proxy in"
                      + " front of R2, or a test server.")
              .locating(),
          ConfigProperty.optional(
              MULTIPART_THRESHOLD,
              "16MiB",
              "Objects larger than this go up as multipart uploads (bytes, or with KiB/MiB/GiB)."),
          ConfigProperty.optional(
              PART_SIZE,
              "8MiB",
              "Size of every multipart part but the last (R2 requires them equal), 5 MiB to 2"
                  + " GiB."),
          ConfigProperty.optional(
              PARTS_IN_FLIGHT,
              "4",
              "Parts uploaded at once; an upload holds at most partsInFlight × partSize bytes."),
          ConfigProperty.optional(
              UPLOAD_MEMORY,
              null,
              "Memory all uploads of the store hold at once, for part buffers and single PUTs;"
                  + " uploads beyond it wait. At least (multipartThreshold / partSize + 1) ×"
                  + " partSize; unset: 64 MiB, or partsInFlight × partSize if more."));

  private final List<ExecutionInterceptor> interceptors;

  public R2DriverProvider() {
    this(List.of());
  }

  /** For tests: every request of the opened drivers passes through these interceptors, last. */
  R2DriverProvider(List<ExecutionInterceptor> interceptors) {
    this.interceptors = List.copyOf(Objects.requireNonNull(interceptors, "interceptors"));
  }

  @Override
  public DriverDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ConfigSchema configSchema() {
    return SCHEMA;
  }

  @Override
  public StorageDriver open(DriverConfig config, DriverContext context) {
    R2Settings settings = R2Settings.from(config);
    S3StorageDriver core =
        S3StorageDriver.open(
            settings.s3Config(config),
            context,
            new R2Dialect(settings.jurisdiction(), interceptors));
    return new R2StorageDriver(core, settings);
  }
}
