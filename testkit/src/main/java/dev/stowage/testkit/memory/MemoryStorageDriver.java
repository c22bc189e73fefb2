package dev.stowage.testkit.memory;

import com.sun.net.httpserver.HttpHandler;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.Feature;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HttpMethod;
import dev.stowage.Keys;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import dev.stowage.spi.signing.SignedUrlSupport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A store held in a sorted map, and the template for a new driver: every SPI operation in the
 * fewest lines that honour its contract. The {@link dev.stowage.Store} in front of it has already
 * checked keys, TTLs and capabilities, so nothing here validates them again.
 */
public final class MemoryStorageDriver implements StorageDriver {

  /** Largest object: Java arrays stop near 2 GiB, and one upload should not take the heap. */
  public static final int MAX_OBJECT_BYTES = 1 << 30;

  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final String PROBE_PREFIX = ".stowage-verify/";

  /** The check that stands for each object feature in a verify report. */
  private static final Map<Feature, String> NAMES =
      Map.of(
          Feature.READ,
          "Read",
          Feature.LIST,
          "List",
          Feature.WRITE,
          "Write",
          Feature.DELETE,
          "Delete");

  /**
   * Sorted like S3 sorts: by the keys' UTF-8 bytes, which is Unicode code point order. {@code
   * String.compareTo} compares UTF-16 units instead and puts U+FF61 after U+1F600, so a list would
   * come back in an order no other driver uses.
   */
  private final ConcurrentSkipListMap<String, StoredObject> objects =
      new ConcurrentSkipListMap<>(Keys::compareUtf8);

  private final SignedUrlSupport signedUrls;
  private final Clock clock;
  private final Capabilities capabilities;

  MemoryStorageDriver(SignedUrlSupport signedUrls, Clock clock) {
    this.signedUrls = signedUrls;
    // The context clock is the only "now" a driver uses, so the kit can move time in tests.
    this.clock = clock;
    // Declare exactly what works: the kit fails a driver that declares more, and also one whose
    // undeclared operations do anything but fail with UNSUPPORTED.
    this.capabilities =
        Capabilities.builder()
            .presignMethods(
                signedUrls.enabled()
                    ? EnumSet.allOf(HttpMethod.class)
                    : EnumSet.noneOf(HttpMethod.class))
            .presignPost(false)
            .createOnly(true)
            .rangedReads(true)
            .userMetadata(true)
            .verify(true)
            .maxSinglePutBytes(MAX_OBJECT_BYTES)
            .maxObjectBytes(MAX_OBJECT_BYTES)
            .build();
  }

  /** One object, never changed once stored: readers need no lock and never see half a write. */
  private record StoredObject(ObjectInfo info, byte[] bytes) {}

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public String location() {
    return "memory";
  }

  @Override
  public ObjectInfo upload(UploadRequest request, UploadSource source) {
    // Read the whole source before touching the map: if it fails half-way, the old object (if
    // any) is untouched and nothing partial is ever visible. Drivers that cannot buffer get the
    // same effect from a temporary file or a multipart upload they abort on failure.
    byte[] bytes = readAll(source);
    ObjectInfo info =
        ObjectInfo.builder(request.key())
            .size(bytes.length)
            .lastModified(clock.instant())
            .contentType(request.contentType().orElse(DEFAULT_CONTENT_TYPE))
            .etag(etag(bytes))
            .metadata(request.metadata())
            .contentDisposition(request.contentDisposition().orElse(null))
            .build();
    StoredObject object = new StoredObject(info, bytes);
    if (request.createOnly()) {
      // One atomic check-and-set, like S3's If-None-Match: *. A contains() then put() would let
      // two racing create-only uploads both succeed.
      if (objects.putIfAbsent(request.key(), object) != null) {
        throw StorageException.of(StorageException.Code.ALREADY_EXISTS, "The key already exists");
      }
    } else {
      objects.put(request.key(), object);
    }
    return info;
  }

  @Override
  public ObjectInfo stat(String key) {
    return find(key).info();
  }

  @Override
  public ObjectContent download(String key, ByteRange range) {
    StoredObject object = find(key);
    if (range == null) {
      return ObjectContent.whole(object.info(), new ByteArrayInputStream(object.bytes()));
    }
    // resolve() applies the shared rules: an end past the size is cut, a start past it fails
    // with INVALID_ARGUMENT. Every driver answers ranges alike because none re-implements them.
    long[] span = range.resolve(object.bytes().length);
    int start = (int) span[0];
    int length = (int) (span[1] - span[0] + 1);
    // A ByteArrayInputStream can read the shared array but never write it: handing it out is safe.
    return new ObjectContent(
        object.info(), new ByteArrayInputStream(object.bytes(), start, length), start, length);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int limit) {
    // Keys sharing a prefix sit together in this order, so start at the prefix (or just after the
    // cursor's key) and stop at the first key without it: one page costs one page, however big
    // the map is.
    NavigableMap<String, StoredObject> tail =
        startAfter != null && Keys.compareUtf8(startAfter, prefix) >= 0
            ? objects.tailMap(startAfter, false)
            : objects.tailMap(prefix, true);
    List<ObjectInfo> items = new ArrayList<>(Math.min(limit, 1000));
    for (Map.Entry<String, StoredObject> entry : tail.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        break;
      }
      if (items.size() == limit) {
        // Only now is it known that more remain: the last page never carries a cursor that
        // leads to an empty page.
        return new ObjectPage(items, items.get(limit - 1).key());
      }
      items.add(entry.getValue().info());
    }
    return ObjectPage.last(items);
  }

  // search(): the SPI's default filters list() page by page within a scan budget, which is right
  // for any provider without a server-side search; there is nothing to gain by overriding it.

  @Override
  public void delete(String key) {
    // Removing a missing key is a no-op, which is the contract: delete is idempotent.
    objects.remove(key);
  }

  // deleteAll(): the SPI's default deletes one key at a time and reports each, which is all a
  // map can do. Providers with a batch call (S3's DeleteObjects) override it.

  // A driver that serves its own bytes hands the host the handler to mount.
  @Override
  public Optional<HttpHandler> signedUrlHandler() {
    return signedUrls.handlerIfEnabled(this);
  }

  @Override
  public PresignedRequest presign(PresignRequest request) {
    // Only reached for declared methods, that is when signed URLs are enabled. The shared helper
    // signs with the context clock and serves the URLs (mounted in MemoryDriverProvider.open).
    return signedUrls.presign(request);
  }

  // presignPost(): not declared, so the SPI's default (UNSUPPORTED) is the honest answer.

  @Override
  public HardeningReport harden(HardeningPolicy policy) {
    // One row per requested setting, even when none applies: a host UI draws one card per row.
    return StorageDriver.allUnsupported(
        policy,
        "Objects live only in this process's memory: there is no bucket policy, encryption or"
            + " file permission to set.");
  }

  @Override
  public ConnectionReport verify(VerifyRequest request) {
    // Real probes, through the same methods users call, on a key no one else uses, for the
    // features the host named only. The finally block removes the probe whatever happened:
    // "Check again" must never leave litter behind.
    String key = PROBE_PREFIX + UUID.randomUUID();
    byte[] probe = key.getBytes(StandardCharsets.UTF_8);
    List<ConnectionReport.Check> checks = new ArrayList<>();
    try {
      boolean written = false;
      if (request.checks(Feature.WRITE)) {
        upload(UploadRequest.builder(key).createOnly(true).build(), UploadSource.ofBytes(probe));
        written = true;
        checks.add(
            ConnectionReport.Check.pass("Write", "Stored a " + probe.length + "-byte probe"));
      }
      if (request.checks(Feature.READ)) {
        checks.add(written ? readBack(key, probe) : readMissing(key));
      }
      if (request.checks(Feature.LIST)) {
        boolean listed = !list(key, null, 1).items().isEmpty();
        checks.add(
            listed == written
                ? ConnectionReport.Check.pass("List", "Listed the probe's prefix")
                : ConnectionReport.Check.fail(
                    "List",
                    "A listing disagrees with what was stored",
                    "This is a bug; please report it."));
      }
      if (request.checks(Feature.DELETE)) {
        delete(key);
        checks.add(
            objects.containsKey(key)
                ? ConnectionReport.Check.fail(
                    "Delete", "The probe is still there", "This is a bug; please report it.")
                : ConnectionReport.Check.pass("Delete", "Deleted the probe"));
      }
    } catch (RuntimeException e) {
      checks.add(
          ConnectionReport.Check.fail(
              "Probe",
              "The probe failed: " + e.getMessage(),
              "Memory only runs out with the heap: give the JVM more (-Xmx)."));
    } finally {
      objects.remove(key);
    }
    for (Feature feature : Feature.OBJECTS) {
      if (!request.checks(feature)) {
        checks.add(
            ConnectionReport.Check.notNeeded(
                NAMES.get(feature), "Not checked: this connection is not used for it"));
      }
    }
    return new ConnectionReport(MemoryDriverProvider.ID, clock.instant(), checks);
  }

  private ConnectionReport.Check readBack(String key, byte[] probe) {
    boolean same;
    try (ObjectContent content = download(key, null)) {
      same = Arrays.equals(probe, content.readAllBytes());
    }
    return same
        ? ConnectionReport.Check.pass("Read", "Read the probe back unchanged")
        : ConnectionReport.Check.fail(
            "Read", "The probe came back different", "This is a bug; please report it.");
  }

  /** Without a write, reading is checked on a key that does not exist: NOT_FOUND proves it. */
  private ConnectionReport.Check readMissing(String key) {
    try {
      stat(key);
      return ConnectionReport.Check.fail(
          "Read", "A key never written was found", "This is a bug; please report it.");
    } catch (StorageException e) {
      return e.code() == StorageException.Code.NOT_FOUND
          ? ConnectionReport.Check.pass("Read", "A missing probe key answered 'not found'")
          : ConnectionReport.Check.fail(
              "Read", "Reading failed: " + e.getMessage(), "This is a bug; please report it.");
    }
  }

  @Override
  public void close() {
    // Stop the embedded server first, so no signed request arrives at a store being emptied.
    signedUrls.close();
    objects.clear();
  }

  private StoredObject find(String key) {
    StoredObject object = objects.get(key);
    if (object == null) {
      // No key in the message: Store adds the driver id, location and a printable key itself.
      throw StorageException.of(StorageException.Code.NOT_FOUND, "No object at this key");
    }
    return object;
  }

  private static byte[] readAll(UploadSource source) {
    // Read one byte more than the limit (or than the declared length) to tell "exactly that many"
    // from "too many" without buffering an unbounded stream.
    long declared = source.length();
    int cap = declared >= 0 && declared < MAX_OBJECT_BYTES ? (int) declared : MAX_OBJECT_BYTES;
    try (InputStream in = source.open()) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > MAX_OBJECT_BYTES) {
        throw StorageException.of(
            StorageException.Code.INVALID_ARGUMENT,
            "Object exceeds the memory driver's limit of " + MAX_OBJECT_BYTES + " bytes");
      }
      // A declared length is a promise about the bytes: a stream that breaks it (a truncated
      // file, a body cut short) is refused, never stored as if it were the whole object.
      if (declared >= 0 && bytes.length != declared) {
        throw StorageException.of(
            StorageException.Code.INVALID_ARGUMENT,
            "The upload was declared as "
                + declared
                + " bytes but its stream held "
                + (bytes.length > declared ? "more" : String.valueOf(bytes.length))
                + "; nothing was stored");
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The MD5 hex digest in quotes, as S3 reports single-part objects and as HTTP sends it. */
  private static String etag(byte[] bytes) {
    try {
      return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has MD5", e);
    }
  }
}
