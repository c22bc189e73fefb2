package dev.stowage;

import com.sun.net.httpserver.HttpHandler;
import dev.stowage.StorageException.Code;
import dev.stowage.spi.BucketAdmin;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.FilenameMatcher;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import dev.stowage.spi.TargetFile;
import dev.stowage.spi.UploadChecks;
import dev.stowage.spi.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured connection: a provider plus its bucket or root and credentials. It enforces, for
 * every driver alike, the rules a driver could forget: keys are valid, TTLs within bounds, the
 * operation is one the driver declares, errors are {@link StorageException}s with a code and carry
 * no secret. Thread-safe; close it to release the driver.
 *
 * <pre>{@code
 * try (Store store = Store.open("local", DriverConfig.builder().set("root", "./data").build())) {
 *   store.upload(UploadRequest.of("products/app-1.0.zip"), Path.of("app-1.0.zip"));
 *   String link = store.presign(PresignRequest.get("products/app-1.0.zip", Duration.ofMinutes(15))
 *       .downloadFilename("App 1.0.zip").build()).url();
 * }
 * }</pre>
 */
public final class Store implements AutoCloseable {

  /** Keys one search call examines at most before returning a page with a cursor. */
  public static final int SEARCH_SCAN_BUDGET = 10_000;

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  private final DriverDescriptor descriptor;
  private final StorageDriver driver;
  private final Capabilities capabilities;
  private final DriverConfig config;
  private final StoreErrors errors;
  private final StoreChecks checks;

  private Store(DriverDescriptor descriptor, StorageDriver driver, DriverConfig config) {
    this.descriptor = descriptor;
    this.driver = driver;
    this.capabilities = Objects.requireNonNull(driver.capabilities(), "capabilities");
    this.config = config;
    this.errors = new StoreErrors(descriptor.id(), driver, config);
    this.checks = new StoreChecks(capabilities, errors);
  }

  /**
   * Opens a connection to the driver with this id, found on the class path (scanned once, not on
   * every call), with the system clock and the strict {@link dev.stowage.spi.EndpointPolicy}.
   */
  public static Store open(String driverId, DriverConfig config) {
    return open(driverId, config, DriverContext.create());
  }

  /**
   * Opens a connection to the driver with this id, found on the class path, in a context the host
   * chooses: its clock and the endpoints drivers may reach (loopback for a development server).
   */
  public static Store open(String driverId, DriverConfig config, DriverContext context) {
    return DriverRegistry.shared().open(driverId, config, context);
  }

  /** Opens a connection through a provider directly, without discovery. */
  public static Store open(
      StorageDriverProvider provider, DriverConfig config, DriverContext context) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(context, "context");
    DriverConfig resolved = provider.configSchema().resolve(config);
    for (String name : resolved.names()) {
      resolved
          .secret(name)
          .filter(Secret::wasTrimmed)
          .filter(s -> provider.configSchema().property(name).map(p -> p.secret()).orElse(false))
          .ifPresent(
              s ->
                  log.warn(
                      "Setting '{}' of driver '{}' had surrounding whitespace; it was trimmed",
                      name,
                      provider.id()));
    }
    DriverDescriptor descriptor = provider.descriptor();
    StorageDriver driver;
    try {
      driver = provider.open(resolved, context);
    } catch (StorageException e) {
      throw StoreErrors.normalise(e, descriptor.id(), null, null, resolved);
    } catch (RuntimeException e) {
      throw StoreErrors.normalise(
          StorageException.builder(Code.CONFIG_INVALID, "Driver failed to open: " + e)
              .cause(e)
              .build(),
          descriptor.id(),
          null,
          null,
          resolved);
    }
    return new Store(descriptor, driver, resolved);
  }

  public DriverDescriptor descriptor() {
    return descriptor;
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  /** The bucket or root this store works in. */
  public String location() {
    return driver.location();
  }

  /** The settings in force, secrets masked in its {@code toString()}. */
  public DriverConfig config() {
    return config;
  }

  // ---- upload ---------------------------------------------------------------------------------

  public ObjectInfo upload(UploadRequest request, byte[] bytes) {
    return upload(request, UploadSource.ofBytes(bytes));
  }

  public ObjectInfo upload(UploadRequest request, Path file) {
    return upload(request, UploadSource.ofPath(file));
  }

  /** Uploads a stream of unknown length; the store closes it, whatever happens. */
  public ObjectInfo upload(UploadRequest request, InputStream stream) {
    return upload(request, stream, -1);
  }

  /** Uploads a stream of known length; the store closes it, whatever happens. */
  public ObjectInfo upload(UploadRequest request, InputStream stream, long length) {
    try {
      return upload(request, UploadSource.ofStream(stream, length));
    } catch (RuntimeException e) {
      // A refused request never reached the driver, which would have closed it.
      try {
        stream.close();
      } catch (java.io.IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private ObjectInfo upload(UploadRequest request, UploadSource source) {
    String key = checkKey(request.key());
    UploadChecks.check(request, capabilities);
    if (request.createOnly() && !capabilities.createOnly()) {
      throw unsupported("create-only uploads", key);
    }
    long length = call(key, source::length);
    if (length > capabilities.maxObjectBytes()) {
      throw error(
          Code.INVALID_ARGUMENT,
          "Object of "
              + length
              + " bytes exceeds this provider's limit of "
              + capabilities.maxObjectBytes(),
          key);
    }
    UploadSource counted =
        request.progress() == ProgressListener.NONE
            ? source
            : UploadSource.wrapping(
                source, in -> new ProgressInputStream(in, length, request.progress()));
    return call(key, () -> driver.upload(request, counted));
  }

  // ---- read -----------------------------------------------------------------------------------

  public ObjectInfo stat(String key) {
    checkExistingKey(key);
    return call(key, () -> driver.stat(key));
  }

  public boolean exists(String key) {
    try {
      stat(key);
      return true;
    } catch (StorageException e) {
      if (e.code() == Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** The whole object as a stream; close the result. */
  public ObjectContent download(String key) {
    checkExistingKey(key);
    return call(key, () -> driver.download(key, null));
  }

  /** Part of the object as a stream; close the result. */
  public ObjectContent download(String key, ByteRange range) {
    checkExistingKey(key);
    Objects.requireNonNull(range, "range");
    if (!capabilities.rangedReads()) {
      throw unsupported("ranged reads", key);
    }
    return call(key, () -> driver.download(key, range));
  }

  /**
   * Downloads the whole object to a file and returns the info of what was written. Atomic: the
   * bytes go to a temporary file beside {@code target}, forced to disk, then renamed over it; on
   * any failure {@code target} is as it was and no temporary file is left. The target's folder must
   * exist ({@code INVALID_ARGUMENT} otherwise). Drivers may fetch large objects in parallel parts
   * (S3, R2) or let the kernel copy (local).
   */
  public ObjectInfo download(String key, Path target) {
    return download(DownloadRequest.of(key), target);
  }

  /** {@link #download(String, Path)} with a progress listener. */
  public ObjectInfo download(DownloadRequest request, Path target) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(target, "target");
    String key = checkExistingKey(request.key());
    Path checked = call(key, () -> TargetFile.check(target));
    ProgressListener progress = SerialProgress.of(request.progress());
    return call(key, () -> driver.download(key, checked, progress));
  }

  /**
   * Writes the whole object to {@code out} (which stays open) and returns its info, the size being
   * the bytes written. One stream, in order; a failure may leave part of the object in {@code out}.
   */
  public ObjectInfo download(DownloadRequest request, OutputStream out) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(out, "out");
    ProgressListener progress = request.progress();
    try (ObjectContent content = download(request.key())) {
      return call(
          request.key(),
          () -> {
            long size = content.length();
            byte[] step = new byte[TargetFile.COPY_STEP];
            long copied = 0;
            try {
              int n;
              while ((n = content.stream().read(step)) >= 0) {
                out.write(step, 0, n);
                copied += n;
                progress.onProgress(copied, size);
              }
            } catch (IOException e) {
              throw TargetFile.failed(e);
            }
            if (size != ObjectContent.UNKNOWN_LENGTH && copied != size) {
              throw error(
                  Code.UNAVAILABLE,
                  "Downloading failed: the download ended after " + copied + " of " + size,
                  request.key());
            }
            return content.info().toBuilder().size(copied).build();
          });
    }
  }

  /** Reads a whole object into memory; for small objects. */
  public byte[] readAllBytes(String key) {
    try (ObjectContent content = download(key)) {
      return call(key, content::readAllBytes);
    }
  }

  // ---- list and search ------------------------------------------------------------------------

  /** One page of objects under a prefix, in key order. */
  public Page<ObjectInfo> list(ListRequest request) {
    String after =
        call(
            null,
            () -> {
              Keys.requireValidPrefix(request.prefix());
              return Cursors.decode(request.cursor().orElse(null), Cursors.LIST, request.prefix());
            });
    ObjectPage page = call(null, () -> driver.list(request.prefix(), after, request.pageSize()));
    return Page.of(page.items(), Cursors.encode(page.resumeAfter(), Cursors.LIST));
  }

  /** Every object under a prefix, fetched page by page as the stream is consumed. */
  public Stream<ObjectInfo> listAll(String prefix) {
    ListRequest first = ListRequest.prefix(prefix);
    return PageIterator.stream(cursor -> list(first.toBuilder().cursor(cursor).build()));
  }

  /** One page of objects whose file name matches; may be short (even empty) with a cursor. */
  public Page<ObjectInfo> search(SearchRequest request) {
    String after =
        call(
            null,
            () -> {
              Keys.requireValidPrefix(request.prefix());
              return Cursors.decode(
                  request.cursor().orElse(null), Cursors.SEARCH, request.prefix());
            });
    FilenameMatcher matcher = call(null, () -> FilenameMatcher.of(request));
    ObjectPage page =
        call(
            null,
            () ->
                driver.search(
                    request.prefix(), matcher, after, request.pageSize(), SEARCH_SCAN_BUDGET));
    return Page.of(page.items(), Cursors.encode(page.resumeAfter(), Cursors.SEARCH));
  }

  /** Every match, fetched page by page as the stream is consumed. */
  public Stream<ObjectInfo> searchAll(SearchRequest request) {
    return PageIterator.stream(cursor -> search(request.toBuilder().cursor(cursor).build()));
  }

  // ---- delete ---------------------------------------------------------------------------------

  /** Deletes one object; deleting a missing key is not an error. */
  public void delete(String key) {
    checkExistingKey(key);
    call(
        key,
        () -> {
          driver.delete(key);
          return null;
        });
  }

  /**
   * Deletes many objects, in chunks the provider accepts, and reports per key. An invalid key is
   * reported as {@code INVALID_KEY} and never reaches the driver; the others are still deleted.
   */
  public DeleteResult deleteAll(Collection<String> keys) {
    List<DeleteResult.Outcome> outcomes = new ArrayList<>(keys.size());
    List<String> chunk = new ArrayList<>();
    List<Integer> chunkSlots = new ArrayList<>();
    for (String key : keys) {
      String problem = Keys.existingProblem(key);
      if (problem != null) {
        outcomes.add(DeleteResult.Outcome.failed(key, Code.INVALID_KEY, "Invalid key: " + problem));
        continue;
      }
      chunkSlots.add(outcomes.size());
      outcomes.add(null);
      chunk.add(key);
      if (chunk.size() == capabilities.maxBatchDelete()) {
        deleteChunk(chunk, chunkSlots, outcomes);
      }
    }
    if (!chunk.isEmpty()) {
      deleteChunk(chunk, chunkSlots, outcomes);
    }
    return new DeleteResult(outcomes);
  }

  private void deleteChunk(
      List<String> chunk, List<Integer> slots, List<DeleteResult.Outcome> out) {
    List<String> keys = List.copyOf(chunk);
    DeleteResult result = call(null, () -> driver.deleteAll(keys));
    if (result.outcomes().size() != keys.size()) {
      throw error(
          Code.UNEXPECTED,
          "Driver reported " + result.outcomes().size() + " outcomes for " + keys.size() + " keys",
          null);
    }
    for (int i = 0; i < keys.size(); i++) {
      DeleteResult.Outcome o = result.outcomes().get(i);
      out.set(
          slots.get(i),
          o.deleted()
              ? o
              : DeleteResult.Outcome.failed(
                  o.key(), o.errorCode().orElseThrow(), errors.redact(o.message().orElse(""))));
    }
    chunk.clear();
    slots.clear();
  }

  // ---- presign --------------------------------------------------------------------------------

  /** A URL that lets its holder do one method on one key until it expires. */
  public PresignedRequest presign(PresignRequest request) {
    String key = checks.presign(request);
    return call(key, () -> driver.presign(request));
  }

  /** A signed browser form upload; see {@link PostPolicyRequest}. */
  public PresignedPost presignPost(PostPolicyRequest request) {
    String key = checks.presignPost(request);
    return call(key, () -> driver.presignPost(request));
  }

  // ---- buckets --------------------------------------------------------------------------------

  /**
   * Bucket administration: list the account's buckets, create one in a region, check a name. Fails
   * with {@code UNSUPPORTED} when the driver does not declare {@link Capabilities#bucketAdmin()}.
   */
  public Buckets buckets() {
    if (!capabilities.bucketAdmin()) {
      throw unsupported("bucket administration", null);
    }
    BucketAdmin admin =
        call(null, driver::bucketAdmin)
            .orElseThrow(
                () ->
                    error(
                        Code.UNSUPPORTED,
                        "Driver '"
                            + descriptor.id()
                            + "' declares bucket administration but offers none",
                        null));
    return new Buckets(admin, errors);
  }

  // ---- operations -----------------------------------------------------------------------------

  /** Applies (or, for a policy built with {@code dryRun(true)}, checks) the security settings. */
  public HardeningReport harden(HardeningPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    HardeningReport report = call(null, () -> driver.harden(policy));
    List<HardeningReport.Row> rows = new ArrayList<>();
    for (HardeningReport.Row row : report.rows()) {
      rows.add(new HardeningReport.Row(row.setting(), row.status(), errors.redact(row.detail())));
    }
    return new HardeningReport(rows, report.dryRun());
  }

  /**
   * The "Check again" button for a connection used for everything but bucket settings and bucket
   * administration: {@code verify(Feature.OBJECTS)}.
   */
  public ConnectionReport verify() {
    return verify(VerifyRequest.of(Feature.OBJECTS));
  }

  /**
   * The "Check again" button for a connection used for {@code features} only: a download page's
   * read-only key is checked for reading, not failed for uploads it was never meant to do. Checks
   * for other features are not run (reported {@code NOT_NEEDED}); a denied check names the missing
   * permission.
   */
  public ConnectionReport verify(Set<Feature> features) {
    Objects.requireNonNull(features, "features");
    return verify(call(null, () -> VerifyRequest.of(features)));
  }

  /**
   * The "Check again" button; see {@link VerifyRequest} (a probe key proves a read-only key). Fails
   * with {@code UNSUPPORTED} when the driver does not declare {@link Capabilities#verify()}.
   */
  public ConnectionReport verify(VerifyRequest request) {
    Objects.requireNonNull(request, "request");
    if (!capabilities.verify()) {
      throw unsupported("connection checks", null);
    }
    request.readProbeKey().ifPresent(this::checkExistingKey);
    ConnectionReport report = call(null, () -> driver.verify(request));
    List<ConnectionReport.Check> checks = new ArrayList<>();
    for (ConnectionReport.Check c : report.checks()) {
      checks.add(
          new ConnectionReport.Check(
              c.name(), c.status(), errors.redact(c.detail()), errors.redact(c.hint())));
    }
    return new ConnectionReport(report.driverId(), report.checkedAt(), checks);
  }

  /**
   * The object's permanent, unsigned public link, where the provider serves the bucket publicly (R2
   * with {@code publicBaseUrl} set: its custom domain or r2.dev subdomain); empty otherwise. For
   * private files hand out {@link #presign presigned} links instead.
   */
  public Optional<URI> publicUrl(String key) {
    // The strict rule: a browser resolves a '..' segment of an unsigned link to another object.
    checkKey(key);
    return call(key, () -> driver.publicUrl(key));
  }

  /**
   * The HTTP handler serving this store's signed URLs, for drivers that serve their own bytes
   * (local disk): mount it in your {@code HttpServer} at the path of {@code publicBaseUrl}. Empty
   * for providers that serve their links themselves (S3, R2) or when signed URLs are not set up.
   */
  public Optional<HttpHandler> signedUrlHandler() {
    return call(null, driver::signedUrlHandler);
  }

  /**
   * The driver itself, for driver-specific features (the local driver's HTTP handler, say). Calls
   * made on it bypass this store's checks.
   */
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(driver)) {
      return type.cast(driver);
    }
    throw error(
        Code.INVALID_ARGUMENT,
        "This store's driver is a " + driver.getClass().getName() + ", not a " + type.getName(),
        null);
  }

  @Override
  public void close() {
    call(
        null,
        () -> {
          driver.close();
          return null;
        });
  }

  @Override
  public String toString() {
    return "Store[" + descriptor.id() + " " + driver.location() + "]";
  }

  // ---- the shared rules (StoreChecks, StoreErrors) -------------------------------------------

  private String checkKey(String key) {
    return checks.newKey(key);
  }

  private String checkExistingKey(String key) {
    return checks.existingKey(key);
  }

  private StorageException unsupported(String what, String key) {
    return errors.unsupported(what, key);
  }

  private StorageException error(Code code, String message, String key) {
    return errors.error(code, message, key);
  }

  private <T> T call(String key, Supplier<T> op) {
    return errors.call(key, op);
  }
}
