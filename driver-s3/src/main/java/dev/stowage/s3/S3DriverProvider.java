package dev.stowage.s3;

import com.google.auto.service.AutoService;
import dev.stowage.Badge;
import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The {@code s3} driver's entry point: Amazon S3, and any S3-compatible server through {@code
 * endpoint} (path-style requests, checksums only where the API requires them).
 */
@AutoService(StorageDriverProvider.class)
public final class S3DriverProvider implements StorageDriverProvider {

  public static final String ID = "s3";

  public static final String BUCKET = "bucket";
  public static final String REGION = "region";
  public static final String ENDPOINT = "endpoint";
  public static final String CREDENTIALS = "credentials";
  public static final String CREDENTIALS_STATIC = "static";
  public static final String CREDENTIALS_DEFAULT_CHAIN = "default-chain";
  public static final String ACCESS_KEY_ID = "accessKeyId";
  public static final String SECRET_ACCESS_KEY = "secretAccessKey";
  public static final String SESSION_TOKEN = "sessionToken";
  public static final String MULTIPART_THRESHOLD = "multipartThreshold";
  public static final String PART_SIZE = "partSize";
  public static final String PARTS_IN_FLIGHT = "partsInFlight";
  public static final String UPLOAD_MEMORY = "uploadMemory";
  public static final String DOWNLOAD_THRESHOLD = "downloadThreshold";
  public static final String DOWNLOAD_PART_SIZE = "downloadPartSize";
  public static final String DOWNLOAD_PARTS_IN_FLIGHT = "downloadPartsInFlight";

  /** The download settings, shared with drivers built on this core (R2). */
  public static final List<ConfigProperty> DOWNLOAD_SETTINGS =
      List.of(
          ConfigProperty.optional(
              DOWNLOAD_THRESHOLD,
              "16MiB",
              "Downloads to a file of objects larger than this fetch parts in parallel (ranged"
                  + " GETs pinned to the object's ETag); smaller ones are one GET."),
          ConfigProperty.optional(
              DOWNLOAD_PART_SIZE, "8MiB", "Size of each ranged GET of a download, 1 MiB to 5 GiB."),
          ConfigProperty.optional(
              DOWNLOAD_PARTS_IN_FLIGHT,
              "8",
              "Ranged GETs of one download at once; each holds a 256 KiB copy buffer, not a"
                  + " part."));

  static final String DEFAULT_REGION = "us-east-1";

  /** Shared with drivers built on this core (R2). */
  public static final String CREDENTIALS_DESCRIPTION =
      "Where the keys come from: static (accessKeyId and secretAccessKey set here, the default)"
          + " or default-chain (this host's AWS default chain: environment, ~/.aws, container or"
          + " instance role; no keys may be set then). Only choose default-chain where whoever"
          + " fills in these settings may use the host's own AWS identity.";

  // Built once: discovery instantiates every provider, so construction must be cheap.
  private static final DriverDescriptor DESCRIPTOR =
      new DriverDescriptor(
          ID,
          new Badge("S3", "#ff9900", "Amazon S3"),
          "Amazon S3 or any S3-compatible object store (set 'endpoint' for those).");

  private static final ConfigSchema SCHEMA =
      withDownloadSettings(
          ConfigProperty.required(BUCKET, "The bucket holding the files.").locating(),
          ConfigProperty.optional(
                  REGION,
                  DEFAULT_REGION,
                  "The bucket's region, e.g. eu-west-1 (us-east-1 if unset).")
              .locating(),
          ConfigProperty.optional(
                  ENDPOINT,
                  null,
                  "URL of an S3-compatible server (MinIO, Ceph, ...); unset for Amazon S3."
                      + " Requests are then path-style.")
              .locating(),
          ConfigProperty.optional(CREDENTIALS, CREDENTIALS_STATIC, CREDENTIALS_DESCRIPTION),
          ConfigProperty.secret(
              ACCESS_KEY_ID, false, "Access key ID; required unless credentials=default-chain."),
          ConfigProperty.secret(SECRET_ACCESS_KEY, false, "Secret access key for the key ID."),
          ConfigProperty.secret(
              SESSION_TOKEN, false, "Session token, for temporary credentials only."),
          ConfigProperty.optional(
              MULTIPART_THRESHOLD,
              "16MiB",
              "Objects larger than this go up as multipart uploads (bytes, or with KiB/MiB/GiB)."),
          ConfigProperty.optional(
              PART_SIZE, "8MiB", "Size of each multipart part, 5 MiB to 2 GiB."),
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

  /** A schema of {@code properties} followed by {@link #DOWNLOAD_SETTINGS}. */
  public static ConfigSchema withDownloadSettings(ConfigProperty... properties) {
    List<ConfigProperty> all = new ArrayList<>(List.of(properties));
    all.addAll(DOWNLOAD_SETTINGS);
    return ConfigSchema.of(all.toArray(ConfigProperty[]::new));
  }

  private final List<ExecutionInterceptor> interceptors;
  private final NameLookup lookup;

  public S3DriverProvider() {
    this(List.of());
  }

  /** For tests: every request of the opened drivers passes through these interceptors. */
  S3DriverProvider(List<ExecutionInterceptor> interceptors) {
    this(interceptors, NameLookup.SYSTEM);
  }

  /** For tests: host names resolve through {@code lookup}, not the system's resolver. */
  S3DriverProvider(List<ExecutionInterceptor> interceptors, NameLookup lookup) {
    this.interceptors = List.copyOf(Objects.requireNonNull(interceptors, "interceptors"));
    this.lookup = Objects.requireNonNull(lookup, "lookup");
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
    // No network here: building SDK clients only reads settings, and credentials from the
    // default chain resolve lazily, on the first request. verify() is where the network is tried.
    // An endpoint host written as an address is checked against the host's policy now; a name is
    // checked at each connection.
    S3Settings settings = S3Settings.from(config);
    return S3StorageDriver.open(settings, context, interceptors, lookup);
  }
}
