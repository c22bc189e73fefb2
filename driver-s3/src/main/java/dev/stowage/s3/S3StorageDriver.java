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
import dev.stowage.ProgressListener;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
          .maxBatchDelete(MAX_BATCH_DELETE)
          .maxMetadataBytes(2048 - S3Dialect.RESERVED_METADATA_BYTES)
          .bucketAdmin(true)
          .build();

  private final S3Settings settings;
  private final S3Dialect dialect;
  private final S3Client s3;
  private final ObjectUrlPresigner presigner;
  private final S3Uploader uploader;
  private final S3FileDownloader fileDownloader;
  private final S3Hardener hardener;
  private final S3Verifier verifier;
  private final S3BucketAdmin bucketAdmin;
  private final UploadMemory uploadMemory;
  private final PartThreads partThreads;
  private final List<AutoCloseable> resources;
  private final Capabilities capabilities;

  /** {@code resources}: what the driver closes when it closes, in this order. */
  private S3StorageDriver(
      S3Settings settings,
      S3Dialect dialect,
      S3Client s3,
      AwsCredentialsProvider credentials,
      ObjectUrlPresigner presigner,
      S3BucketAdmin bucketAdmin,
      PartThreads partThreads,
      List<AutoCloseable> resources,
      Clock clock) {
    this.settings = settings;
    this.dialect = dialect;
    this.s3 = s3;
    this.presigner = presigner;
    this.capabilities = Objects.requireNonNull(dialect.capabilities(AMAZON_S3), "capabilities");
    this.uploadMemory = new UploadMemory(settings.uploadMemory());
    this.partThreads = partThreads;
    this.resources = resources;
    this.uploader = new S3Uploader(s3, settings, dialect, clock, uploadMemory, partThreads);
    this.fileDownloader = new S3FileDownloader(s3, settings, dialect, partThreads);
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
    return open(settings, dialect, context, List.of(), NameLookup.SYSTEM);
  }

  static S3StorageDriver open(
      S3Settings settings,
      DriverContext context,
      List<ExecutionInterceptor> interceptors,
      NameLookup lookup) {
    return open(settings, S3Dialect.amazon(), context, interceptors, lookup);
  }

  /**
   * Opens the core; every connection it makes goes through {@code lookup} and the context's
   * endpoint policy, and an endpoint written as a refused address fails here.
   */
  static S3StorageDriver open(
      S3Settings settings,
      S3Dialect dialect,
      DriverContext context,
      List<ExecutionInterceptor> interceptors,
      NameLookup lookup) {
    S3ClientFactory.checkEndpoint(settings.endpoint(), context.endpointPolicy());
    S3ClientFactory.checkHostCredentials(settings, context);
    return open(
        settings,
        dialect,
        context,
        interceptors,
        S3ClientFactory.credentials(settings),
        S3ClientFactory.httpClient(context.endpointPolicy(), lookup, settings));
  }

  /**
   * The core with a credentials provider of the caller's (tests: one that rotates), resolved per
   * request by the clients and per link by the presigner.
   */
  static S3StorageDriver open(
      S3Settings settings,
      S3Dialect dialect,
      DriverContext context,
      List<ExecutionInterceptor> interceptors,
      AwsCredentialsProvider credentials) {
    S3ClientFactory.checkEndpoint(settings.endpoint(), context.endpointPolicy());
    return open(
        settings,
        dialect,
        context,
        interceptors,
        credentials,
        S3ClientFactory.httpClient(context.endpointPolicy(), NameLookup.SYSTEM, settings));
  }

  /**
   * The core on an HTTP client, which it owns from here on (as it owns {@code credentials} when
   * they are closeable): whatever open creates is closed again if open fails halfway, and
   * everything with the driver.
   */
  static S3StorageDriver open(
      S3Settings settings,
      S3Dialect dialect,
      DriverContext context,
      List<ExecutionInterceptor> interceptors,
      AwsCredentialsProvider credentials,
      SdkHttpClient httpClient) {
    Clock clock = context.clock();
    // Closed in reverse order of opening: the threads (and parts in flight) first, the HTTP
    // client and the credentials last.
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      if (credentials instanceof AutoCloseable closeable) {
        opened.push(closeable);
      }
      opened.push(httpClient);
      S3Client s3 =
          push(
              opened,
              S3ClientFactory.client(settings, dialect, credentials, httpClient, interceptors));
      ObjectUrlPresigner presigner =
          push(
              opened,
              new SigV4UrlPresigner(
                  credentials, settings.bucket(), settings.region(), settings.endpoint(), clock));
      S3BucketAdmin bucketAdmin =
          push(
              opened,
              new S3BucketAdmin(
                  s3,
                  settings,
                  dialect,
                  region ->
                      S3ClientFactory.client(
                          settings.withRegion(region),
                          dialect,
                          credentials,
                          httpClient,
                          interceptors)));
      PartThreads partThreads = push(opened, new PartThreads(settings));
      return new S3StorageDriver(
          settings,
          dialect,
          s3,
          credentials,
          presigner,
          bucketAdmin,
          partThreads,
          List.copyOf(opened),
          clock);
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T resource) {
    opened.push(resource);
    return resource;
  }

  /** Closes each in turn, even when one fails; failures go on {@code failure}, or are thrown. */
  private static void closeAll(Iterable<AutoCloseable> resources, Throwable failure) {
    RuntimeException first = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
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

  /** The most bytes this driver's uploads have held in memory at once, together (for tests). */
  long peakBufferedBytes() {
    return uploadMemory.peak();
  }

  /** What this driver's part threads are called (for tests). */
  String partThreadNamePrefix() {
    return partThreads.namePrefix();
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
    if (response.contentLength() == null) {
      // No length given (a chunked answer, from a gateway or a compatible server): the body is
      // whatever comes until the end of the stream, never "0 bytes".
      return unknownLength(key, range, stream, response);
    }
    long length = response.contentLength();
    if (range == null) {
      return ObjectContent.whole(
          S3Objects.fromGet(key, response, length), new BodyStream(stream, length, false));
    }
    long[] span = S3Objects.contentRange(response.contentRange());
    if (span != null) {
      if (span[1] - span[0] + 1 != length) {
        stream.abort();
        throw StorageException.of(
            Code.UNAVAILABLE,
            "Downloading failed: the server's Content-Range and Content-Length disagree");
      }
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
   * Above {@code downloadThreshold}, parallel ranged GETs pinned to the object's ETag, written by
   * position; see {@link S3FileDownloader} for what is verified when.
   */
  @Override
  public ObjectInfo download(String key, Path target, ProgressListener progress) {
    return fileDownloader.download(key, target, progress);
  }

  /**
   * A response without {@code Content-Length}: read to the end of the stream. Only a whole object
   * can be served so (a range needs a {@code Content-Range} to say where it starts).
   */
  private ObjectContent unknownLength(
      String key,
      ByteRange range,
      ResponseInputStream<GetObjectResponse> stream,
      GetObjectResponse response) {
    long[] span = range == null ? null : S3Objects.contentRange(response.contentRange());
    if (range != null && span == null) {
      stream.abort();
      throw StorageException.of(
          Code.UNAVAILABLE,
          "Downloading failed: the server answered a ranged read without a length or range");
    }
    if (span != null) {
      long length = span[1] - span[0] + 1;
      return new ObjectContent(
          S3Objects.fromGet(key, response, span[2]),
          new BodyStream(stream, length, false),
          span[0],
          length);
    }
    // The size is not known before the end; the info says 0 and the content's length -1.
    return new ObjectContent(
        S3Objects.fromGet(key, response, 0),
        new BodyStream(stream, BodyStream.UNKNOWN, false),
        0,
        ObjectContent.UNKNOWN_LENGTH);
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
                  // The code when it is a known one, never the endpoint's free text.
                  "Deleting failed: " + S3Errors.describeCode(dialect, error.code())));
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
    try {
      return presigner.presign(request);
    } catch (SdkException e) {
      // Credentials that resolve per request (the default chain) may be missing.
      throw S3Errors.map(dialect, e, "Signing a URL");
    }
  }

  @Override
  public PresignedPost presignPost(PostPolicyRequest request) {
    if (!capabilities.presignPost()) {
      throw StorageDriver.unsupported("browser POST uploads");
    }
    try {
      return presigner.presignPost(request);
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Signing a POST policy");
    }
  }

  @Override
  public HardeningReport harden(HardeningPolicy policy) {
    return hardener.harden(policy);
  }

  @Override
  public ConnectionReport verify(VerifyRequest request) {
    return verifier.verify(request);
  }

  /**
   * Stops the upload threads (uploads still running fail and abort), then closes the presigner, the
   * SDK clients, the HTTP client and credentials it created.
   */
  @Override
  public void close() {
    // Part threads first (parts in flight interrupted, queued ones failed), then every upload
    // still open is aborted while the client can still send it, then the clients close.
    partThreads.close();
    uploader.abortOpenUploads();
    closeAll(resources, null);
  }

  @Override
  public String toString() {
    return "S3StorageDriver[" + dialect.driverId() + ", " + settings + "]";
  }

  /**
   * The body of a GET, ending after {@code length} bytes, or at the end of the response when the
   * length is {@link #UNKNOWN}. A body that ends before {@code length} bytes, or goes on past them,
   * fails the read with an {@link IOException} rather than pass for a whole object. Closing it
   * before the end aborts the connection rather than reading (maybe gigabytes of) the rest just to
   * reuse it; at the end it is closed normally and the connection reused.
   */
  private static final class BodyStream extends BoundedInputStream {
    static final long UNKNOWN = Long.MAX_VALUE;

    private final ResponseInputStream<GetObjectResponse> response;
    private final long length;
    private final boolean moreFollows;
    private boolean ended;

    /**
     * @param moreFollows whether the response goes on past {@code length} (a range the server did
     *     not honour), so closing must always abort
     */
    BodyStream(ResponseInputStream<GetObjectResponse> response, long length, boolean moreFollows) {
      super(response, length);
      this.response = response;
      this.length = length;
      this.moreFollows = moreFollows;
    }

    @Override
    public int read() throws IOException {
      long before = remaining();
      int b = super.read();
      checkEnd(before, b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      long before = remaining();
      int n = super.read(buf, off, len);
      if (len > 0) {
        checkEnd(before, n < 0 ? 0 : n);
      }
      return n;
    }

    /** Fails the read when the body ended early, or when it goes on past its length. */
    private void checkEnd(long before, int read) throws IOException {
      if (ended) {
        return;
      }
      if (length == UNKNOWN) {
        ended = read == 0;
        return;
      }
      if (read == 0 && before > 0) {
        ended = true;
        response.abort();
        throw new IOException(
            "The download ended after " + (length - before) + " of " + length + " bytes");
      }
      if (remaining() == 0) {
        ended = true;
        if (!moreFollows && in.read() >= 0) {
          response.abort();
          throw new IOException("The download went on past its " + length + " bytes");
        }
      }
    }

    @Override
    public void close() throws IOException {
      if ((length == UNKNOWN ? !ended : remaining() > 0) || moreFollows) {
        response.abort();
      }
      super.close();
    }
  }
}
