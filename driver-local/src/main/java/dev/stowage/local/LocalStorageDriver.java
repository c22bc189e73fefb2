package dev.stowage.local;

import com.sun.net.httpserver.HttpHandler;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.DriverConfig;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.ProgressListener;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.TargetFile;
import dev.stowage.spi.UploadSource;
import dev.stowage.spi.signing.SignedUrlSupport;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores objects as files under a root folder: key {@code a/b/c} is {@code <root>/a/b/c}. Reads go
 * through Commons VFS; writes are atomic (temporary file, fsync, rename) and never leave a partial
 * file; no path ever leads out of the root, symbolic links included. Content type, user metadata,
 * {@code Content-Disposition} and the ETag live in a sidecar under {@code <root>/.stowage/}. Signed
 * URLs are served by the shared {@link SignedUrlSupport}, on its embedded server or, via {@link
 * #httpHandler()}, in the host's.
 */
public final class LocalStorageDriver implements StorageDriver {

  static final String ID = "local";

  /** Bytes per kernel copy call: large, yet a progress listener hears every 64 MiB. */
  private static final long KERNEL_COPY_STEP = 64L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(LocalStorageDriver.class);

  private final KeyPaths paths;
  private final AtomicFiles files;
  private final VfsFiles vfs;
  private final CaseCollisions cases;
  private final KeyLocks locks;
  private final Uploader uploader;
  private final SignedUrlSupport signed;
  private final Capabilities capabilities;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalStorageDriver(
      Path root, SignedUrlSupport signed, Clock clock, Predicate<Path> ignoresCase) {
    this.paths = new KeyPaths(root);
    this.files =
        new AtomicFiles(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    try {
      files.createDirectories(root);
    } catch (IOException e) {
      // Not fatal: verify() reports it with a hint, and every operation fails UNAVAILABLE.
      log.warn(
          "Could not create the local storage root (setting 'root'): {}",
          e instanceof java.nio.file.FileSystemException f ? f.getReason() : e.getClass());
    }
    // Asked once, of the file system itself: macOS and Windows disks usually ignore case.
    this.cases = new CaseCollisions(root, ignoresCase.test(root));
    this.locks = new KeyLocks(paths, files, cases);
    this.uploader = new Uploader(paths, files, locks, cases);
    this.signed = signed;
    this.clock = clock;
    this.capabilities =
        Capabilities.builder()
            .presignMethods(
                signed.enabled()
                    ? EnumSet.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.HEAD, HttpMethod.DELETE)
                    : EnumSet.noneOf(HttpMethod.class))
            .presignPost(false)
            .createOnly(true)
            .rangedReads(true)
            .userMetadata(true)
            .hardeningSettings(EnumSet.of(HardeningSetting.OWNER_ONLY_PERMISSIONS))
            .verify(true)
            .maxBatchDelete(1000)
            .maxMetadataBytes(2048)
            .build();
    this.vfs = new VfsFiles();
  }

  /**
   * Opens a driver on the {@code root} setting; the signed-URL server starts when configured.
   * {@code ignoresCase} answers whether the root's file system ignores case ({@link
   * CaseProbe#ignoresCase} asks the file system; tests may answer instead).
   */
  static LocalStorageDriver open(
      DriverConfig config, DriverContext context, Predicate<Path> ignoresCase) {
    Path root = parseRoot(config.require(LocalDriverProvider.ROOT));
    SignedUrlSupport signed = SignedUrlSupport.fromConfig(config, context, storeIdentity(root));
    LocalStorageDriver driver;
    try {
      driver = new LocalStorageDriver(root, signed, context.clock(), ignoresCase);
    } catch (RuntimeException e) {
      signed.close();
      throw e;
    }
    try {
      // Mounted only now: the handler calls into the driver, which must be fully built.
      signed.mount(driver);
    } catch (RuntimeException e) {
      driver.close();
      throw e;
    }
    return driver;
  }

  /**
   * Signed into every link, so another local store sharing the signing key refuses this one's: the
   * root's real path (links survive a restart, and two spellings of one folder are one store).
   */
  private static String storeIdentity(Path root) {
    // The real path of the nearest folder that exists, plus the rest: the same before the root is
    // created (first run) as after (a root under a symbolic link, such as macOS's /tmp), so links
    // survive a restart.
    Path existing = root;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      Path real =
          existing == null ? root : existing.toRealPath().resolve(existing.relativize(root));
      return "local:" + real.normalize();
    } catch (IOException e) {
      return "local:" + root;
    }
  }

  private static Path parseRoot(String root) {
    try {
      return Path.of(root).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw StorageException.of(
          Code.CONFIG_INVALID, "Setting 'root' is not a valid path: " + e.getMessage());
    }
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public String location() {
    return paths.root().toString();
  }

  /**
   * Serves this driver's signed URLs; mount it at the path of {@code publicBaseUrl} in the host's
   * own {@code HttpServer}. {@code UNSUPPORTED} when signed URLs are not configured.
   */
  public HttpHandler httpHandler() {
    return signed.handler(this);
  }

  /** {@link #httpHandler()} when signed URLs are configured; what {@code Store} hands a host. */
  @Override
  public Optional<HttpHandler> signedUrlHandler() {
    return signed.handlerIfEnabled(this);
  }

  // ---- write ----------------------------------------------------------------------------------

  /** Atomic, and leaves nothing behind on failure: see {@link Uploader}. */
  @Override
  public ObjectInfo upload(UploadRequest request, UploadSource source) {
    return uploader.upload(request, source);
  }

  // ---- read -----------------------------------------------------------------------------------

  @Override
  public ObjectInfo stat(String key) {
    Path path = paths.file(key);
    try {
      paths.checkContained(path);
      VfsFiles.Stat stat = cases.twin(key) == null ? vfs.stat(path) : null;
      if (stat == null) {
        throw notFound();
      }
      return describe(key, stat.size(), stat.lastModified(), true);
    } catch (IOException e) {
      throw IoErrors.map(e, "reading", key);
    }
  }

  @Override
  public ObjectContent download(String key, ByteRange range) {
    Path path = paths.file(key);
    try {
      paths.checkContained(path);
      // Where case is ignored, the file found may be another key's, spelled differently.
      VfsFiles.Opened opened =
          cases.twin(key) == null ? vfs.open(path, range == null ? null : range::resolve) : null;
      if (opened == null) {
        throw notFound();
      }
      try {
        ObjectInfo info = describe(key, opened.size(), opened.lastModified(), true);
        return new ObjectContent(info, opened.stream(), opened.start(), opened.length());
      } catch (IOException | RuntimeException e) {
        opened.stream().close();
        throw e;
      }
    } catch (IOException e) {
      throw IoErrors.map(e, "reading", key);
    }
  }

  /**
   * The kernel copies the file into the target's temporary file ({@link FileChannel#transferTo}:
   * copy_file_range or sendfile, the bytes never enter this process), which is then forced to disk
   * and renamed over the target.
   */
  @Override
  public ObjectInfo download(String key, Path target, ProgressListener progress) {
    return TargetFile.write(
        target,
        file -> {
          try (ObjectContent content = download(key, null)) {
            long size = content.length();
            long[] written = {0};
            LongConsumer told = n -> progress.onProgress(written[0] += n, size);
            long copied =
                content.stream() instanceof FileRangeStream range
                    ? range.transferTo(file, KERNEL_COPY_STEP, told)
                    : TargetFile.copy(content.stream(), file, 0, told);
            if (copied != size) {
              throw new IOException("The file was cut short during the download");
            }
            return content.info();
          }
        });
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int limit) {
    try {
      KeyOrderWalk walk = KeyOrderWalk.start(paths, prefix, startAfter, limit);
      List<ObjectInfo> items = new ArrayList<>(Math.min(limit, 1000));
      KeyOrderWalk.Found found;
      while (items.size() < limit && (found = walk.next()) != null) {
        BasicFileAttributes a = found.attributes();
        items.add(describe(found.key(), a.size(), lastModified(a), false));
      }
      // Look one file ahead, so the last page says it is the last.
      boolean more = items.size() == limit && walk.next() != null;
      return new ObjectPage(items, more ? items.get(items.size() - 1).key() : null);
    } catch (IOException e) {
      throw IoErrors.map(e, "listing", prefix);
    }
  }

  /**
   * The info of a file: from its sidecar when that describes it, else guessed (content type from
   * the name, a weak-style ETag from size and date, as web servers make for plain files).
   *
   * @param full whether to include metadata and disposition (stat) or not (listings)
   */
  private ObjectInfo describe(String key, long size, Instant lastModified, boolean full)
      throws IOException {
    Optional<Sidecar> sidecar =
        Sidecar.read(paths.sidecar(key)).filter(s -> s.describes(key, size));
    if (sidecar.isPresent()) {
      Sidecar s = sidecar.get();
      return ObjectInfo.builder(key)
          .size(size)
          .lastModified(lastModified)
          .contentType(s.contentType())
          .etag(s.etag())
          .metadata(full ? s.metadata() : Map.of())
          .contentDisposition(full ? s.contentDisposition() : null)
          .build();
    }
    String etag =
        "\"" + Long.toHexString(lastModified.toEpochMilli()) + "-" + Long.toHexString(size) + "\"";
    return ObjectInfo.builder(key)
        .size(size)
        .lastModified(lastModified)
        .contentType(ContentTypes.guess(key))
        .etag(etag)
        .build();
  }

  // ---- delete ---------------------------------------------------------------------------------

  @Override
  public void delete(String key) {
    Path path = paths.file(key);
    try {
      paths.checkContained(path);
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)
          && !Files.exists(paths.sidecar(key), LinkOption.NOFOLLOW_LINKS)) {
        return; // nothing to delete: leave no lock file behind for a key that never existed
      }
      KeyLocks.Held held = locks.lock(key);
      try {
        if (cases.twin(key) != null) {
          // The file there is another key's, spelled in another case: this key holds nothing.
          return;
        }
        // A folder of that name is not this key (its keys start with "key/"): nothing to do.
        vfs.deleteFile(path);
        Files.deleteIfExists(paths.sidecar(key));
      } finally {
        held.close();
      }
      pruneEmptyParents(path.getParent());
    } catch (IOException e) {
      throw IoErrors.map(e, "deleting", key);
    }
  }

  /** Removes folders left empty, up to (not including) the root; stops at the first in use. */
  private void pruneEmptyParents(Path dir) {
    Path root = paths.root();
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      // Files.delete would remove a symbolic link even when its target folder is full.
      if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      try {
        Files.delete(d);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      } catch (IOException e) {
        log.debug("Could not remove the empty folder '{}': {}", root.relativize(d), e.getClass());
        return;
      }
    }
  }

  // ---- presign, harden, verify ----------------------------------------------------------------

  @Override
  public PresignedRequest presign(PresignRequest request) {
    if (request.method() == HttpMethod.PUT) {
      paths.fileToWrite(request.key());
    } else {
      paths.file(request.key());
    }
    return signed.presign(request);
  }

  @Override
  public HardeningReport harden(HardeningPolicy policy) {
    List<Row> rows = new ArrayList<>();
    policy.settings().stream()
        .sorted()
        .forEach(setting -> rows.add(hardenOne(setting, policy.dryRun())));
    return new HardeningReport(rows, policy.dryRun());
  }

  private Row hardenOne(HardeningSetting setting, boolean dryRun) {
    String why =
        switch (setting) {
          case OWNER_ONLY_PERMISSIONS ->
              files.posix()
                  ? null
                  : "This file system has no POSIX permissions: restrict the root folder's access"
                      + " list to the server's account instead";
          case BLOCK_PUBLIC_ACCESS ->
              "Local disk has no public access to block: files are only served through signed"
                  + " URLs";
          case BUCKET_OWNER_ENFORCED ->
              "Local disk has no ACLs or object ownership: every file belongs to the server's"
                  + " account (see owner-only permissions)";
          case DEFAULT_ENCRYPTION ->
              "The local driver does not encrypt files: put the root on an encrypted file system"
                  + " (LUKS, FileVault, BitLocker)";
          case ABORT_INCOMPLETE_MULTIPART ->
              "Local disk has no multipart uploads: an interrupted upload leaves nothing behind";
          case CORS_FOR_BROWSER_UPLOADS ->
              "Local disk has no CORS settings: browsers reach the signed-URL handler, so allow"
                  + " the origins on the web server that serves it";
        };
    if (why != null) {
      return new Row(setting, Status.UNSUPPORTED, why);
    }
    return new OwnerOnlyPermissions(paths).apply(dryRun);
  }

  @Override
  public ConnectionReport verify(VerifyRequest request) {
    List<ConnectionReport.Check> checks =
        new LocalVerifier(paths, files, cases).run(request, signed.baseUrl().map(URI::toString));
    return new ConnectionReport(ID, clock.instant(), checks);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        signed.close(); // first: no signed request may reach a closed VFS manager
      } finally {
        vfs.close();
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Milliseconds, as VFS reports them, so stat and list agree. */
  static Instant lastModified(BasicFileAttributes attributes) {
    return Instant.ofEpochMilli(attributes.lastModifiedTime().toMillis());
  }

  private static StorageException notFound() {
    return StorageException.of(Code.NOT_FOUND, "No such object");
  }
}
