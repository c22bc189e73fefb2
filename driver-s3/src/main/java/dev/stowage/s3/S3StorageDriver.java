package dev.stowage.s3;

import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.DeleteResult;
import dev.stowage.DriverConfig;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.spi.BoundedInputStream;
import dev.stowage.spi.BucketAdmin;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A connection to one S3 bucket. Uploads, reads, listings and deletes go through the SDK's sync
 * client; the jobs with more to them live in classes of their own: {@link S3Uploader} and {@link
 * MultipartUploader}, {@link ObjectUrlPresigner}, {@link S3Hardener}, {@link S3Verifier}, {@link
 * S3BucketAdmin}, and {@link S3Errors} for what S3 answers when something fails.
 *
 * <p>The same core serves other providers' S3 APIs: {@link #open(DriverConfig, DriverContext,
 * S3Dialect)} opens it in a {@link S3Dialect} that says where the provider differs (client
 * settings, capabilities, hardening, errors, bucket rules, verify). The {@code s3} driver speaks
 * {@link S3Dialect#amazon()}.
 *
 * <p>The {@link dev.stowage.Store} in front has already checked keys, TTLs and capabilities.
 * Thread-safe.
 */
public final class S3StorageDriver implements StorageDriver {

  /** S3's limit on keys per DeleteObjects request. */
  static final int MAX_BATCH_DELETE = 1000;

  private static final long GIB = 1024L * 1024 * 1024;
  private static final int MAX_LIST_PAGE = 1000;

  /** What Amazon S3 can do; a {@link S3Dialect} adjusts it for its provider. */
  static final Capabilities AMAZON_S3 =
      Capabilities.builder()
          .presignMethods(EnumSet.allOf(HttpMethod.class))
          .presignPost(true)
          .createOnly(true)
          .rangedReads(true)
          .userMetadata(true)
          .hardeningSettings(
              EnumSet.of(
                  HardeningSetting.BLOCK_PUBLIC_ACCESS,
                  HardeningSetting.BUCKET_OWNER_ENFORCED,
                  HardeningSetting.DEFAULT_ENCRYPTION,
                  HardeningSetting.ABORT_INCOMPLETE_MULTIPART,
                  HardeningSetting.CORS_FOR_BROWSER_UPLOADS))
          .verify(true)
          .maxPresignTtl(Capabilities.MAX_PRESIGN_TTL)
          .maxKeyBytes(1024)
          .maxSinglePutBytes(5 * GIB)
          .maxObjectBytes(5 * 1024 * GIB)
          .parts(S3Settings.MIN_PART_BYTES, S3Settings.MAX_PART_BYTES, false)
          .maxBatchDelete(MAX_BATCH_DELETE)
          .maxMetadataBytes(2048)
          .bucketAdmin(true)
          .build();

  private final S3Settings settings;
  private final S3Dialect dialect;
  private final SdkHttpClient httpClient;
  private final S3Client s3;
  private final ObjectUrlPresigner presigner;
  private final S3Uploader uploader;
  private final S3Hardener hardener;
  private final S3Verifier verifier;
  private final S3BucketAdmin bucketAdmin;
  private final AtomicLong peakBufferedBytes = new AtomicLong();
  private final Capabilities capabilities;

  private S3StorageDriver(
      S3Settings settings,
      S3Dialect dialect,
      SdkHttpClient httpClient,
      S3Client s3,
      AwsCredentialsProvider credentials,
      ObjectUrlPresigner presigner,
      S3BucketAdmin bucketAdmin,
      Clock clock) {
    this.settings = settings;
    this.dialect = dialect;
    this.httpClient = httpClient;
    this.s3 = s3;
    this.presigner = presigner;
    this.capabilities = Objects.requireNonNull(dialect.capabilities(AMAZON_S3), "capabilities");
    this.uploader = new S3Uploader(s3, settings, dialect, clock, peakBufferedBytes);
    this.hardener =
        new S3Hardener(s3, settings.bucket(), dialect, capabilities.hardeningSettings());
    this.verifier = new S3Verifier(s3, credentials, settings, dialect, clock);
    this.bucketAdmin = bucketAdmin;
  }

  /**
   * Opens the S3 core in a provider's dialect: how a driver for an S3-compatible service (R2, say)
   * is built on this one. {@code config} holds this driver's settings (see {@link
   * S3DriverProvider#configSchema()}; missing ones take their defaults) and is checked as {@code
   * open} checks it, failing with {@code CONFIG_INVALID}. No network I/O happens here.
   */
  public static S3StorageDriver open(
      DriverConfig config, DriverContext context, S3Dialect dialect) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(dialect, "dialect");
    S3Settings settings = S3Settings.from(new S3DriverProvider().configSchema().resolve(config));
    return open(settings, dialect, context.clock(), List.of());
  }

  static S3StorageDriver open(
      S3Settings settings, Clock clock, List<ExecutionInterceptor> interceptors) {
    return open(settings, S3Dialect.amazon(), clock, interceptors);
  }

  static S3StorageDriver open(
      S3Settings settings,
      S3Dialect dialect,
      Clock clock,
      List<ExecutionInterceptor> interceptors) {
    AwsCredentialsProvider credentials = S3ClientFactory.credentials(settings);
    SdkHttpClient httpClient = S3ClientFactory.httpClient();
    S3Client s3 = S3ClientFactory.client(settings, dialect, credentials, httpClient, interceptors);
    ObjectUrlPresigner presigner =
        new SigV4UrlPresigner(
            credentials, settings.bucket(), settings.region(), settings.endpoint(), clock);
    S3BucketAdmin bucketAdmin =
        new S3BucketAdmin(
            s3,
            settings,
            dialect,
            region ->
                S3ClientFactory.client(
                    settings.withRegion(region), dialect, credentials, httpClient, interceptors));
    return new S3StorageDriver(
        settings, dialect, httpClient, s3, credentials, presigner, bucketAdmin, clock);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public String location() {
    return settings.bucket();
  }

  /** List and create buckets, with S3's naming rules checked before any request. */
  @Override
  public Optional<BucketAdmin> bucketAdmin() {
    return Optional.of(bucketAdmin);
  }

  /** The dialect this driver speaks: {@link S3Dialect#amazon()} for the {@code s3} driver. */
  public S3Dialect dialect() {
    return dialect;
  }

  /** The SDK client, for what this driver does not offer. Requests on it bypass the Store. */
  public S3Client client() {
    return s3;
  }

  /** The most bytes any upload of this driver has held in memory at once (for tests). */
  long peakBufferedBytes() {
    return peakBufferedBytes.get();
  }

  // ---- objects --------------------------------------------------------------------------------

  @Override
  public ObjectInfo upload(UploadRequest request, UploadSource source) {
    return uploader.upload(request, source);
  }

  @Override
  public ObjectInfo stat(String key) {
    try {
      return S3Objects.fromHead(key, s3.headObject(b -> b.bucket(settings.bucket()).key(key)));
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Reading the object's info");
    }
  }

  @Override
  public ObjectContent download(String key, ByteRange range) {
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(settings.bucket()).key(key);
    if (range != null) {
      get.range(range.toHeaderValue());
    }
    ResponseInputStream<GetObjectResponse> stream;
    try {
      stream = s3.getObject(get.build());
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Downloading");
    }
    GetObjectResponse response = stream.response();
    long length = response.contentLength() == null ? 0 : response.contentLength();
    if (range == null) {
      return ObjectContent.whole(
          S3Objects.fromGet(key, response, length), new BodyStream(stream, length, false));
    }
    long[] span = S3Objects.contentRange(response.contentRange());
    if (span != null) {
      return new ObjectContent(
          S3Objects.fromGet(key, response, span[2]),
          new BodyStream(stream, length, false),
          span[0],
          length);
    }
    // The server ignored the Range and sent the whole object, as HTTP allows: cut it here.
    try {
      long[] wanted = range.resolve(length);
      stream.skipNBytes(wanted[0]);
      long count = wanted[1] - wanted[0] + 1;
      return new ObjectContent(
          S3Objects.fromGet(key, response, length),
          new BodyStream(stream, count, true),
          wanted[0],
          count);
    } catch (IOException | RuntimeException e) {
      stream.abort();
      if (e instanceof StorageException se) {
        throw se;
      }
      throw StorageException.builder(Code.UNAVAILABLE, "Downloading failed: " + e.getMessage())
          .cause(e)
          .build();
    }
  }

  /**
   * Every object under the prefix, keys written by other tools included ({@code a//b}, a control
   * character: see {@link dev.stowage.Keys}), except folder markers: the zero-byte {@code photos/}
   * objects the S3 console and other tools create to show an empty folder, which hold no file (as
   * rclone skips them). A marker can still end a page's scan: the cursor then resumes after it.
   */
  @Override
  public ObjectPage list(String prefix, String startAfter, int limit) {
    List<ObjectInfo> items = new ArrayList<>(Math.min(limit, MAX_LIST_PAGE));
    String lastSeen = null;
    String token = null;
    try {
      while (true) {
        ListObjectsV2Request.Builder request =
            ListObjectsV2Request.builder()
                .bucket(settings.bucket())
                // XML 1.0 cannot carry a key with a control character: ask for keys URL-encoded
                // (the SDK decodes them), or one such key makes the whole page unreadable.
                .encodingType(EncodingType.URL)
                .prefix(prefix)
                .maxKeys(Math.min(limit - items.size(), MAX_LIST_PAGE));
        if (token != null) {
          request.continuationToken(token);
        } else if (startAfter != null) {
          // The cursor is the last key returned, which is exactly what StartAfter means.
          request.startAfter(startAfter);
        }
        ListObjectsV2Response page = s3.listObjectsV2(request.build());
        for (S3Object o : page.contents()) {
          lastSeen = o.key();
          if (!S3Objects.isFolderMarker(o)) {
            items.add(S3Objects.fromListing(o));
          }
        }
        boolean more = Boolean.TRUE.equals(page.isTruncated());
        if (!more) {
          return ObjectPage.last(items);
        }
        if (items.size() >= limit) {
          return new ObjectPage(items, lastSeen);
        }
        token = page.nextContinuationToken();
      }
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Listing");
    }
  }

  // search(): the SPI's default (list and filter within a scan budget) is all S3 can do.

  @Override
  public void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (SdkException e) {
      if (S3Errors.status(e) == 404
          && S3Errors.errorCode(e).filter("NoSuchKey"::equals).isPresent()) {
        return; // Some compatible servers say so; S3 answers 204 either way.
      }
      throw S3Errors.map(dialect, e, "Deleting");
    }
  }

  @Override
  public DeleteResult deleteAll(List<String> keys) {
    List<DeleteResult.Outcome> outcomes = new ArrayList<>(keys.size());
    // The Store chunks at maxBatchDelete already; a direct caller gets the same limit.
    int max = capabilities.maxBatchDelete();
    for (int from = 0; from < keys.size(); from += max) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + max));
      if (chunk.stream().anyMatch(S3StorageDriver::hasControlCharacter)) {
        // DeleteObjects sends keys in an XML body, which cannot carry most control characters
        // (other tools write such keys): one DeleteObject per key has the key in the URL instead.
        outcomes.addAll(StorageDriver.super.deleteAll(chunk).outcomes());
        continue;
      }
      DeleteObjectsResponse response;
      try {
        List<ObjectIdentifier> ids = new ArrayList<>(chunk.size());
        chunk.forEach(k -> ids.add(ObjectIdentifier.builder().key(k).build()));
        // Quiet: S3 answers with the failures only, not one line per deleted key.
        response =
            s3.deleteObjects(
                b ->
                    b.bucket(settings.bucket())
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
      } catch (SdkException e) {
        if (S3Errors.notImplemented(e) || S3Errors.status(e) == 400) {
          // A compatible server without DeleteObjects, or one refusing the whole batch for a key
          // it cannot take (a dot segment, say): one request per key still works, and such a key
          // fails alone.
          outcomes.addAll(StorageDriver.super.deleteAll(chunk).outcomes());
          continue;
        }
        throw S3Errors.map(dialect, e, "Deleting a batch");
      }
      Map<String, S3Error> errors = new HashMap<>();
      for (S3Error error : response.errors()) {
        errors.putIfAbsent(error.key(), error);
      }
      for (String key : chunk) {
        S3Error error = errors.get(key);
        if (error == null || "NoSuchKey".equals(error.code())) {
          outcomes.add(DeleteResult.Outcome.deleted(key));
        } else {
          outcomes.add(
              DeleteResult.Outcome.failed(
                  key,
                  S3Errors.code(dialect, error.code(), 0),
                  error.code() + (error.message() == null ? "" : ": " + error.message())));
        }
      }
    }
    return new DeleteResult(outcomes);
  }

  private static boolean hasControlCharacter(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < 0x20) {
        return true;
      }
    }
    return false;
  }

  // ---- presign, harden, verify ----------------------------------------------------------------

  @Override
  public PresignedRequest presign(PresignRequest request) {
    if (!capabilities.canPresign(request.method())) {
      throw StorageDriver.unsupported("presigned " + request.method() + " URLs");
    }
    return presigner.presign(request);
  }

  @Override
  public PresignedPost presignPost(PostPolicyRequest request) {
    if (!capabilities.presignPost()) {
      throw StorageDriver.unsupported("browser POST uploads");
    }
    return presigner.presignPost(request);
  }

  @Override
  public HardeningReport harden(HardeningPolicy policy) {
    return hardener.harden(policy);
  }

  @Override
  public ConnectionReport verify(VerifyRequest request) {
    return verifier.verify(request);
  }

  @Override
  public void close() {
    try {
      presigner.close();
    } finally {
      try {
        try {
          bucketAdmin.close();
        } finally {
          s3.close();
        }
      } finally {
        httpClient.close();
      }
    }
  }

  @Override
  public String toString() {
    return "S3StorageDriver[" + dialect.driverId() + ", " + settings + "]";
  }

  /**
   * The body of a GET, ending after {@code length} bytes. Closing it before the end aborts the
   * connection rather than reading (maybe gigabytes of) the rest just to reuse it; at the end it is
   * closed normally and the connection reused.
   */
  private static final class BodyStream extends BoundedInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private final boolean moreFollows;

    /**
     * @param moreFollows whether the response goes on past {@code length} (a range the server did
     *     not honour), so closing must always abort
     */
    BodyStream(ResponseInputStream<GetObjectResponse> response, long length, boolean moreFollows) {
      super(response, length);
      this.response = response;
      this.moreFollows = moreFollows;
    }

    @Override
    public void close() throws IOException {
      if (remaining() > 0 || moreFollows) {
        response.abort();
      }
      super.close();
    }
  }
}
