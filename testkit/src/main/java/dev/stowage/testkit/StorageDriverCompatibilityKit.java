package dev.stowage.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.ContentDisposition;
import dev.stowage.DeleteResult;
import dev.stowage.DownloadRequest;
import dev.stowage.Feature;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.Keys;
import dev.stowage.ListRequest;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import dev.stowage.spi.signing.PercentCoding;
import dev.stowage.testkit.KitHttp.UrlPart;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility kit: what the {@link Store} contract promises, checked against one driver.
 * Extend it, open a store, state the capabilities the driver must declare, and run it with JUnit:
 *
 * <pre>{@code
 * class AcmeDriverCompatibilityTest extends StorageDriverCompatibilityKit {
 *   @Override
 *   protected Store openStore(KitContext context) {
 *     return Store.open(new AcmeDriverProvider(), config, context.driverContext());
 *   }
 *
 *   @Override
 *   protected Capabilities expectedCapabilities() {
 *     return Capabilities.builder().createOnly(true).rangedReads(true).verify(true).build();
 *   }
 * }
 * }</pre>
 *
 * <p>The driver must declare exactly {@link #expectedCapabilities()}, and every test is gated by
 * them, none skipped for it: what a driver declares must work, and what it declares absent must
 * fail with {@code UNSUPPORTED}. The group {@code StoreRules} holds what {@link Store} answers
 * before any driver runs; the group {@code Driver} calls the driver itself, below the store, where
 * the contract is the driver's. A store is opened before each test and closed after it. Each test
 * works under a key prefix of its own, and what it leaves there is deleted, so drivers backed by a
 * shared server or bucket can run the kit.
 */
public abstract class StorageDriverCompatibilityKit {

  private static final Duration TTL = Duration.ofMinutes(5);

  /** The store under test, opened before each test and closed after it. */
  protected Store store;

  /** The context {@link #store} was opened with. */
  protected KitContext context;

  private String prefix;

  /**
   * Opens a store on the driver under test with {@code context.driverContext()}. Register anything
   * started for it (a server, a client) with {@link KitContext#closeAfterTest}.
   */
  protected abstract Store openStore(KitContext context);

  /**
   * The capabilities the driver under test must declare, written out by its test rather than read
   * from the driver (as Trino's {@code BaseConnectorTest} does): the kit asserts that the driver
   * declares exactly these, so a driver that starts or stops claiming something fails until its
   * test says so, and every other test is gated by what the test, not only the driver, expects.
   */
  protected abstract Capabilities expectedCapabilities();

  /**
   * Everything the backend holds, as a value whose {@code equals} compares it exactly: for a
   * directory, every path under it with its size and hash (and its permissions, which hardening
   * changes). The kit compares it before and after what must change nothing: invalid keys, dry
   * runs, {@code verify}. Cover more than the store's own root where a path traversal could escape
   * it. Empty (the default): the kit compares {@code listAll("")} instead.
   */
  protected Optional<Supplier<Object>> backendSnapshot() {
    return Optional.empty();
  }

  /**
   * Declared hardening settings the backend this test runs against cannot apply, such as MinIO,
   * which answers 501 to {@code PutPublicAccessBlock}. The kit expects them reported {@code
   * UNSUPPORTED} with a detail rather than applied; every other declared setting it applies and
   * reads back. Default: none (the embedded S3 server keeps every bucket setting S3 hardens).
   */
  protected Set<HardeningSetting> hardeningSettingsTheBackendRefuses() {
    return Set.of();
  }

  /**
   * A second store of the same driver with the same signing key as {@link #store} and the same
   * public base URL ({@code publicBaseUrl}, where the first store's links are served) but its own
   * backend (another root, another instance), opened with {@code context} and registered with
   * {@link KitContext#closeAfterTest}. Only the store's identity tells the two apart: the kit
   * replays the second store's signed links against the first, which must refuse them. Empty (the
   * default) for drivers whose links are not signed with a key the host chooses (S3's carry the
   * bucket and the credentials in the signature already).
   */
  protected Optional<Store> openSecondStoreSharingSigningKey(
      KitContext context, String publicBaseUrl) {
    return Optional.empty();
  }

  /**
   * Whether the driver's presigned URLs are refused (403) in any other shape than the one signed: a
   * parameter repeated with its own value, or the parameters in another order. True for links
   * signed by the shared {@code HmacUrlSigner} (local, memory), which accepts only its canonical
   * order. False (the default) where the signature covers a canonical form of the query, as SigV4's
   * sorted one does: the kit then asks that such a GET be refused or answered exactly as the URL as
   * signed. Added, emptied and altered parameters must be refused either way.
   */
  protected boolean presignedQueryIsExact() {
    return false;
  }

  @BeforeEach
  void openStoreBeforeEachTest() {
    context = new KitContext();
    store = Objects.requireNonNull(openStore(context), "openStore returned null");
    prefix = "stowage-kit/" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @AfterEach
  void closeStoreAfterEachTest() throws Exception {
    try {
      context.shiftClock(Duration.ZERO);
      if (store != null) {
        try {
          List<String> left = keysUnder(prefix);
          if (!left.isEmpty()) {
            store.deleteAll(left);
          }
        } catch (StorageException e) {
          // Tidying up is a courtesy to shared backends; the test's own verdict is what counts.
        } finally {
          store.close();
        }
      }
    } finally {
      context.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A key under this test's own prefix. */
  protected final String key(String name) {
    return prefix + name;
  }

  private Capabilities caps() {
    return store.capabilities();
  }

  /**
   * The driver behind {@link #store}, for tests of what the driver itself must do: calls on it skip
   * every check {@link Store} makes.
   */
  protected final StorageDriver driver() {
    return store.unwrap(StorageDriver.class);
  }

  private ObjectInfo put(String key, byte[] bytes) {
    return store.upload(UploadRequest.of(key), bytes);
  }

  private ObjectInfo put(String key, String text) {
    return put(key, text.getBytes(UTF_8));
  }

  private List<String> keysUnder(String keyPrefix) {
    return store.listAll(keyPrefix).map(ObjectInfo::key).toList();
  }

  private Object snapshot() {
    return backendSnapshot()
        .map(Supplier::get)
        .orElseGet(
            () ->
                store
                    .listAll("")
                    .map(i -> i.key() + " " + i.size() + " " + i.etag().orElse(null))
                    .toList());
  }

  /** Every page of a listing, following cursors until a page has none. */
  private List<Page<ObjectInfo>> listPages(String keyPrefix, int pageSize) {
    List<Page<ObjectInfo>> pages = new ArrayList<>();
    String cursor = null;
    do {
      Page<ObjectInfo> page =
          store.list(ListRequest.builder(keyPrefix).pageSize(pageSize).cursor(cursor).build());
      assertThat(page.items()).as("page %d", pages.size() + 1).hasSizeLessThanOrEqualTo(pageSize);
      pages.add(page);
      cursor = page.nextCursor().orElse(null);
      assertThat(pages).as("pages so far (the cursor must make progress)").hasSizeLessThan(1000);
    } while (cursor != null);
    return pages;
  }

  private static List<String> keysOf(List<Page<ObjectInfo>> pages) {
    return pages.stream().flatMap(p -> p.items().stream()).map(ObjectInfo::key).toList();
  }

  private static List<String> sortedByUtf8(List<String> keys) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8)));
    return sorted;
  }

  /** Asserts that {@code operation} throws a {@link StorageException} with {@code code}. */
  /**
   * Asserts that the operation fails with a StorageException whose code is one of {@code codes}.
   */
  protected static StorageException assertFailsWithOneOf(
      Set<Code> codes, ThrowingCallable operation) {
    Throwable thrown = catchThrowable(operation);
    assertThat(thrown)
        .as("expected a StorageException with a code in %s", codes)
        .isInstanceOf(StorageException.class);
    StorageException e = (StorageException) thrown;
    assertThat(e.code()).as("the code of %s", e).isIn(codes);
    return e;
  }

  /**
   * Whether a check of a key that names no object answered false or was refused (INVALID_KEY, or
   * INVALID_ARGUMENT from the provider).
   */
  private static boolean missingOrRefused(java.util.function.BooleanSupplier exists) {
    try {
      return !exists.getAsBoolean();
    } catch (StorageException e) {
      return e.code() == Code.INVALID_KEY || e.code() == Code.INVALID_ARGUMENT;
    }
  }

  /** Whether an operation returned normally or was refused (INVALID_KEY). */
  private static boolean doneOrRefused(Runnable operation) {
    return missingOrRefused(
        () -> {
          operation.run();
          return false;
        });
  }

  protected static StorageException assertFails(Code code, ThrowingCallable operation) {
    Throwable thrown = catchThrowable(operation);
    assertThat(thrown)
        .as("expected a StorageException with code %s", code)
        .isInstanceOf(StorageException.class);
    StorageException e = (StorageException) thrown;
    assertThat(e.code()).as("the code of %s", e).isEqualTo(code);
    return e;
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * The presigned request, or, when the driver does not declare its method, empty after asserting
   * that presigning fails with {@code UNSUPPORTED}.
   */
  private Optional<PresignedRequest> presign(PresignRequest request) {
    if (caps().canPresign(request.method())) {
      return Optional.of(store.presign(request));
    }
    assertFails(Code.UNSUPPORTED, () -> store.presign(request));
    return Optional.empty();
  }

  private static String describe(HttpResponse<byte[]> response) {
    String body = new String(response.body(), UTF_8);
    return response.request().method()
        + " answered "
        + response.statusCode()
        + ": "
        + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
  }

  /** A cursor the kit passes back where it does not belong. */
  enum BadCursor {
    GARBAGE("a made-up cursor"),
    FROM_A_SEARCH("a search's cursor"),
    FROM_ANOTHER_PREFIX("a cursor from a listing of another prefix");

    private final String description;

    BadCursor(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final List<String> SEARCH_TREE =
      List.of(
          "reports/Annual-REPORT-2024.pdf",
          "reports/summary.txt",
          "reports/archive/report-old.zip",
          "images/photo-1.PNG",
          "images/photo-2.png",
          "images/photo-10.png",
          "downloads/app-1.0.zip",
          "downloads/app-2.0.ZIP",
          "downloads/readme.md",
          "downloads/README.txt",
          "misc/file(1)+[x].txt");

  // ---- the tests ------------------------------------------------------------------------------

  @Nested
  @DisplayName("Capabilities")
  class DeclaredCapabilities {

    @Test
    @DisplayName("The declared limits are within what every provider allows")
    void limitsAreSane() {
      Capabilities c = caps();
      assertThat(c.maxPresignTtl()).isBetween(Duration.ofSeconds(1), Duration.ofDays(7));
      assertThat(c.maxKeyBytes()).isBetween(1, Keys.MAX_KEY_BYTES);
      assertThat(c.maxBatchDelete()).isGreaterThanOrEqualTo(1);
      assertThat(c.maxSinglePutBytes()).isPositive();
      assertThat(c.maxObjectBytes()).isGreaterThanOrEqualTo(c.maxSinglePutBytes());
      assertThat(c.maxMetadataBytes()).isNotNegative();
    }

    @Test
    @DisplayName("The driver declares exactly the capabilities its test expects")
    void declaresWhatTheTestExpects() {
      Capabilities expected =
          Objects.requireNonNull(expectedCapabilities(), "expectedCapabilities returned null");
      assertThat(driver().capabilities())
          .as("the capabilities the driver declares")
          .usingRecursiveComparison()
          .isEqualTo(expected);
      assertThat(caps()).as("the capabilities the store enforces").isEqualTo(expected);
    }

    @Test
    @DisplayName("The driver describes itself with a lower-case id, a display name and a location")
    void describesItself() {
      assertThat(store.descriptor().id()).matches("[a-z][a-z0-9-]*");
      assertThat(store.descriptor().displayName()).isNotBlank();
      assertThat(store.descriptor().badge().label()).isNotBlank();
      assertThat(store.location()).isNotBlank();
    }
  }

  @Nested
  @DisplayName("Upload")
  class Upload {

    @Test
    @DisplayName("An object holding every byte value from 0 to 255 comes back byte for byte")
    void everyByteValue() {
      byte[] bytes = new byte[256];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      String k = key("bytes/all-256.bin");
      ObjectInfo info = put(k, bytes);
      assertThat(info.key()).isEqualTo(k);
      assertThat(info.size()).isEqualTo(256);
      assertThat(store.readAllBytes(k)).isEqualTo(bytes);
    }

    @Test
    @DisplayName("A 1 MiB object of random bytes comes back unchanged, and stat reports its size")
    void randomMebibyte() {
      byte[] bytes = randomBytes(1 << 20, 1);
      String k = key("bytes/random-1MiB.bin");
      put(k, bytes);
      assertThat(store.stat(k).size()).isEqualTo(bytes.length);
      assertThat(store.readAllBytes(k)).isEqualTo(bytes);
    }

    @Test
    @DisplayName("An empty object is stored, listed with size 0 and reads back as no bytes")
    void emptyObject() {
      String k = key("empty.txt");
      assertThat(put(k, new byte[0]).size()).isZero();
      assertThat(store.stat(k).size()).isZero();
      assertThat(store.readAllBytes(k)).isEmpty();
      assertThat(store.listAll(key("")))
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.key()).isEqualTo(k);
                assertThat(i.size()).isZero();
              });
    }

    @Test
    @DisplayName("A 24 MiB stream of unknown length is stored whole, and the store closes it")
    void largeStreamOfUnknownLength() {
      long size = 24L << 20;
      String k = key("large/unknown-length.bin");
      GeneratedInputStream source = GeneratedInputStream.of(size, 24);
      assertThat(store.upload(UploadRequest.of(k), source).size()).isEqualTo(size);
      assertThat(source.closed()).as("the stream was closed").isTrue();
      assertThat(store.stat(k).size()).isEqualTo(size);
      byte[] expected = GeneratedInputStream.sha256(GeneratedInputStream.of(size, 24));
      try (ObjectContent content = store.download(k)) {
        assertThat(content.length()).isEqualTo(size);
        assertThat(GeneratedInputStream.sha256(content.stream())).isEqualTo(expected);
      }
    }

    @Test
    @DisplayName("A stream of known length is stored whole, and the store closes it")
    void streamOfKnownLength() {
      long size = (3L << 20) + 17;
      String k = key("large/known-length.bin");
      GeneratedInputStream source = GeneratedInputStream.of(size, 3);
      assertThat(store.upload(UploadRequest.of(k), source, size).size()).isEqualTo(size);
      assertThat(source.closed()).as("the stream was closed").isTrue();
      try (ObjectContent content = store.download(k)) {
        assertThat(GeneratedInputStream.sha256(content.stream()))
            .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 3)));
      }
    }

    @Test
    @DisplayName("A file uploaded from a Path comes back with the file's bytes and size")
    void fromPath() throws Exception {
      byte[] bytes = randomBytes(200_000, 2);
      Path file = Files.write(context.newTempDirectory().resolve("upload.bin"), bytes);
      String k = key("files/from-path.bin");
      assertThat(store.upload(UploadRequest.of(k), file).size()).isEqualTo(bytes.length);
      assertThat(store.stat(k).size()).isEqualTo(bytes.length);
      assertThat(store.readAllBytes(k)).isEqualTo(bytes);
    }

    @Test
    @DisplayName("Content type and user metadata are returned by stat and by a download's info")
    void contentTypeAndMetadata() {
      String k = key("docs/report.pdf");
      byte[] bytes = randomBytes(500, 3);
      Map<String, String> metadata = Map.of("owner", "kit", "build-id", "42");
      UploadRequest withMetadata =
          UploadRequest.builder(k).contentType("application/pdf").metadata(metadata).build();
      Map<String, String> expected = metadata;
      if (caps().userMetadata()) {
        store.upload(withMetadata, bytes);
      } else {
        assertFails(Code.UNSUPPORTED, () -> store.upload(withMetadata, bytes));
        assertThat(store.exists(k)).isFalse();
        store.upload(UploadRequest.builder(k).contentType("application/pdf").build(), bytes);
        expected = Map.of();
      }
      ObjectInfo stat = store.stat(k);
      assertThat(stat.contentType()).contains("application/pdf");
      assertThat(stat.metadata()).isEqualTo(expected);
      try (ObjectContent content = store.download(k)) {
        assertThat(content.info().contentType()).contains("application/pdf");
        assertThat(content.info().metadata()).isEqualTo(expected);
        assertThat(content.readAllBytes()).isEqualTo(bytes);
      }
    }

    @Test
    @DisplayName("A Content-Disposition is stored and returned by stat and by a download's info")
    void contentDisposition() {
      String k = key("docs/app.zip");
      String disposition = ContentDisposition.attachment("Ünïcode app 1.0.zip");
      store.upload(
          UploadRequest.builder(k).downloadFilename("Ünïcode app 1.0.zip").build(), new byte[10]);
      assertThat(store.stat(k).contentDisposition()).contains(disposition);
      try (ObjectContent content = store.download(k)) {
        assertThat(content.info().contentDisposition()).contains(disposition);
      }
    }

    @Test
    @DisplayName("Uploading to an existing key replaces its bytes, content type and metadata")
    void overwriteReplacesEverything() {
      String k = key("docs/versioned.json");
      boolean metadata = caps().userMetadata();
      UploadRequest.Builder first = UploadRequest.builder(k).contentType("text/plain");
      UploadRequest.Builder second = UploadRequest.builder(k).contentType("application/json");
      if (metadata) {
        first.metadata("version", "1");
        second.metadata("edited-by", "kit");
      }
      store.upload(first.build(), "the first version, which is longer".getBytes(UTF_8));
      store.upload(second.build(), "{}".getBytes(UTF_8));
      ObjectInfo stat = store.stat(k);
      assertThat(stat.size()).isEqualTo(2);
      assertThat(stat.contentType()).contains("application/json");
      assertThat(stat.metadata()).isEqualTo(metadata ? Map.of("edited-by", "kit") : Map.of());
      assertThat(store.readAllBytes(k)).isEqualTo("{}".getBytes(UTF_8));
      assertThat(keysUnder(key("docs/"))).containsExactly(k);
    }

    @Test
    @DisplayName(
        "A create-only upload to an existing key fails with ALREADY_EXISTS and keeps the old bytes")
    void createOnlyConflict() {
      String k = key("create-only/taken.txt");
      put(k, "old");
      UploadRequest createOnly = UploadRequest.builder(k).createOnly(true).build();
      Code expected = caps().createOnly() ? Code.ALREADY_EXISTS : Code.UNSUPPORTED;
      assertFails(expected, () -> store.upload(createOnly, "new".getBytes(UTF_8)));
      assertThat(store.readAllBytes(k)).isEqualTo("old".getBytes(UTF_8));
    }

    @Test
    @DisplayName("A create-only upload to a free key stores the object")
    void createOnlySuccess() {
      String k = key("create-only/free.txt");
      UploadRequest createOnly = UploadRequest.builder(k).createOnly(true).build();
      if (!caps().createOnly()) {
        assertFails(Code.UNSUPPORTED, () -> store.upload(createOnly, "new".getBytes(UTF_8)));
        assertThat(store.exists(k)).isFalse();
        return;
      }
      store.upload(createOnly, "new".getBytes(UTF_8));
      assertThat(store.readAllBytes(k)).isEqualTo("new".getBytes(UTF_8));
    }

    @Test
    @DisplayName("The progress listener is told about every byte, ending at the full size")
    void progress() {
      byte[] bytes = randomBytes(300_000, 4);
      List<long[]> calls = new CopyOnWriteArrayList<>();
      store.upload(
          UploadRequest.builder(key("progress.bin"))
              .progress((sent, total) -> calls.add(new long[] {sent, total}))
              .build(),
          bytes);
      assertThat(calls).isNotEmpty();
      assertThat(calls.get(calls.size() - 1)[0])
          .as("bytes sent at the end")
          .isEqualTo(bytes.length);
      assertThat(calls)
          .allSatisfy(
              c -> {
                assertThat(c[1]).as("total").isEqualTo(bytes.length);
                assertThat(c[0]).as("sent").isBetween(0L, (long) bytes.length);
              });
    }

    @Test
    @DisplayName("stat and download of a missing key fail with NOT_FOUND")
    void missingKey() {
      String k = key("missing/nothing.bin");
      assertFails(Code.NOT_FOUND, () -> store.stat(k));
      assertFails(Code.NOT_FOUND, () -> store.download(k).close());
      if (caps().rangedReads()) {
        assertFails(Code.NOT_FOUND, () -> store.download(k, ByteRange.of(0, 9)).close());
      }
    }

    @Test
    @DisplayName("exists() is true for a stored object and false for a missing or deleted one")
    void exists() {
      String k = key("exists.txt");
      assertThat(store.exists(k)).isFalse();
      put(k, "here");
      assertThat(store.exists(k)).isTrue();
      store.delete(k);
      assertThat(store.exists(k)).isFalse();
    }
  }

  @Nested
  @DisplayName("Ranged downloads")
  class Ranges {

    private final byte[] bytes = randomBytes(1000, 1000);
    private String k;

    @BeforeEach
    void storeObject() {
      k = key("ranges/object.bin");
      put(k, bytes);
    }

    /** False, after asserting UNSUPPORTED, when the driver declares no ranged reads. */
    private boolean rangedReadsDeclared() {
      if (caps().rangedReads()) {
        return true;
      }
      assertFails(Code.UNSUPPORTED, () -> store.download(k, ByteRange.of(0, 0)).close());
      return false;
    }

    private void assertRange(ByteRange range, int from, int to) {
      try (ObjectContent content = store.download(k, range)) {
        assertThat(content.rangeStart()).as("range start").isEqualTo(from);
        assertThat(content.length()).as("range length").isEqualTo(to - from);
        assertThat(content.info().size()).as("the whole object's size").isEqualTo(bytes.length);
        assertThat(content.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, from, to));
      }
    }

    @Test
    @DisplayName("A range in the middle returns exactly those bytes, and a one-byte range one byte")
    void middle() {
      if (rangedReadsDeclared()) {
        assertRange(ByteRange.of(100, 199), 100, 200);
        assertRange(ByteRange.of(0, 0), 0, 1);
      }
    }

    @Test
    @DisplayName("An open-ended range returns everything from its start")
    void openEnded() {
      if (rangedReadsDeclared()) {
        assertRange(ByteRange.from(900), 900, 1000);
      }
    }

    @Test
    @DisplayName(
        "A suffix range returns the last bytes, and all of them when longer than the object")
    void suffix() {
      if (rangedReadsDeclared()) {
        assertRange(ByteRange.lastBytes(10), 990, 1000);
        assertRange(ByteRange.lastBytes(5000), 0, 1000);
      }
    }

    @Test
    @DisplayName("A range ending past the end is cut at the end")
    void endPastSize() {
      if (rangedReadsDeclared()) {
        assertRange(ByteRange.of(990, 5000), 990, 1000);
      }
    }

    @Test
    @DisplayName("A range starting at or past the end fails with INVALID_ARGUMENT")
    void startPastSize() {
      if (rangedReadsDeclared()) {
        for (ByteRange range :
            List.of(ByteRange.of(1000, 1100), ByteRange.from(1000), ByteRange.of(5000, 6000))) {
          assertFails(Code.INVALID_ARGUMENT, () -> store.download(k, range).close());
        }
      }
    }

    @Test
    @DisplayName("Any range of an empty object fails with INVALID_ARGUMENT")
    void emptyObject() {
      String empty = key("ranges/empty.bin");
      put(empty, new byte[0]);
      if (rangedReadsDeclared()) {
        for (ByteRange range : List.of(ByteRange.of(0, 0), ByteRange.lastBytes(1))) {
          assertFails(Code.INVALID_ARGUMENT, () -> store.download(empty, range).close());
        }
      }
    }
  }

  @Nested
  @DisplayName("Listing")
  class Listing {

    @Test
    @DisplayName("Keys are listed in ascending order of their UTF-8 bytes, as S3 lists them")
    void utf8ByteOrder() {
      List<String> keys = new ArrayList<>();
      for (String name :
          List.of("a-c", "a/b", "a~", "a0", "aé", "a\uFF61", "a😀", "A", "b", "a.txt", "a b")) {
        keys.add(key("order/" + name));
      }
      Collections.shuffle(keys, new Random(7));
      keys.forEach(k -> put(k, k));
      List<String> expected = sortedByUtf8(keys);
      // The data must tell UTF-8 order from UTF-16 order and from "directories first".
      assertThat(expected.indexOf(key("order/a-c"))).isLessThan(expected.indexOf(key("order/a/b")));
      assertThat(expected.indexOf(key("order/a\uFF61")))
          .isLessThan(expected.indexOf(key("order/a😀")));
      assertThat(keysUnder(key("order/"))).containsExactlyElementsOf(expected);
      assertThat(keysOf(listPages(key("order/"), 3))).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName(
        "25 objects in pages of 7 come as 7, 7, 7 and 4, with no duplicate or gap, and no cursor on the last")
    void pagination() {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        keys.add(key(String.format(Locale.ROOT, "paged/item-%02d", i)));
      }
      keys.forEach(k -> put(k, k));
      List<Page<ObjectInfo>> pages = listPages(key("paged/"), 7);
      assertThat(pages).extracting(p -> p.items().size()).containsExactly(7, 7, 7, 4);
      assertThat(pages.subList(0, 3)).allSatisfy(p -> assertThat(p.hasMore()).isTrue());
      assertThat(pages.get(3).nextCursor()).isEmpty();
      assertThat(keysOf(pages)).doesNotHaveDuplicates().containsExactlyElementsOf(keys);
    }

    @Test
    @DisplayName("When the objects exactly fill the last page, that page has no cursor")
    void exactlyFullLastPage() {
      for (int i = 0; i < 14; i++) {
        put(key(String.format(Locale.ROOT, "full/item-%02d", i)), "x");
      }
      List<Page<ObjectInfo>> pages = listPages(key("full/"), 7);
      assertThat(pages).extracting(p -> p.items().size()).containsExactly(7, 7);
    }

    @Test
    @DisplayName("A prefix narrows the listing to keys starting with it, at any depth")
    void prefixNarrows() {
      for (String name :
          List.of("docs/a.txt", "docs/b/c.txt", "docs2/d.txt", "doc.txt", "img/e.png")) {
        put(key("tree/" + name), name);
      }
      assertThat(keysUnder(key("tree/docs/")))
          .containsExactly(key("tree/docs/a.txt"), key("tree/docs/b/c.txt"));
      assertThat(keysUnder(key("tree/doc")))
          .containsExactly(
              key("tree/doc.txt"),
              key("tree/docs/a.txt"),
              key("tree/docs/b/c.txt"),
              key("tree/docs2/d.txt"));
      assertThat(keysUnder(key("tree/img/e"))).containsExactly(key("tree/img/e.png"));
    }

    @Test
    @DisplayName("A prefix nothing starts with gives an empty page with no cursor")
    void emptyResult() {
      put(key("something.txt"), "x");
      Page<ObjectInfo> page = store.list(ListRequest.prefix(key("nothing-here/")));
      assertThat(page.items()).isEmpty();
      assertThat(page.nextCursor()).isEmpty();
      assertThat(store.listAll(key("nothing-here/"))).isEmpty();
    }

    @Test
    @DisplayName("listAll streams exactly what the pages hold, in the same order")
    void listAllEqualsPages() {
      for (int i = 0; i < 12; i++) {
        put(key(String.format(Locale.ROOT, "all/%02d.bin", i)), new byte[i]);
      }
      List<Page<ObjectInfo>> pages = listPages(key("all/"), 5);
      List<ObjectInfo> paged = pages.stream().flatMap(p -> p.items().stream()).toList();
      assertThat(store.listAll(key("all/")).toList()).hasSize(12).isEqualTo(paged);
    }

    @Test
    @DisplayName("Listed objects carry their size and a last-modified time")
    void sizesAndTimes() {
      Map<String, Integer> sizes =
          Map.of(key("sizes/zero"), 0, key("sizes/one"), 1, key("sizes/kilo"), 1000);
      sizes.forEach((k, size) -> put(k, new byte[size]));
      Instant now = context.clock().instant();
      assertThat(store.listAll(key("sizes/")).toList())
          .hasSize(3)
          .allSatisfy(
              info -> {
                assertThat(info.size()).as(info.key()).isEqualTo((long) sizes.get(info.key()));
                assertThat(info.lastModified())
                    .as("last modified of %s", info.key())
                    .isBetween(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
              });
    }
  }

  @Nested
  @DisplayName("Search")
  class Search {

    @BeforeEach
    void storeTree() {
      SEARCH_TREE.forEach(name -> put(key("tree/" + name), name));
    }

    /** The names under "tree/" that every page of {@code request} finds, in order. */
    private List<String> found(SearchRequest request) {
      String base = key("tree/");
      return store
          .searchAll(request.toBuilder().prefix(base).build())
          .map(i -> i.key().substring(base.length()))
          .toList();
    }

    @Test
    @DisplayName("A substring matches file names in any case, and never directory names")
    void substringOnFileNameOnly() {
      assertThat(found(SearchRequest.contains("report")))
          .containsExactly("reports/Annual-REPORT-2024.pdf", "reports/archive/report-old.zip");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = ';',
        value = {
          "*.zip; downloads/app-1.0.zip|downloads/app-2.0.ZIP|reports/archive/report-old.zip",
          "photo-[0-9].png; images/photo-1.PNG|images/photo-2.png",
          "app-?.0.zip; downloads/app-1.0.zip|downloads/app-2.0.ZIP",
          "file(1)+*.txt; misc/file(1)+[x].txt"
        })
    @DisplayName(
        "A glob matches whole file names in any case: '*', '?', '[0-9]', other characters literal")
    void glob(String glob, String expected) {
      assertThat(found(SearchRequest.glob(glob))).containsExactly(expected.split("\\|"));
    }

    @Test
    @DisplayName("A case-sensitive search matches only the exact case")
    void caseSensitive() {
      assertThat(found(SearchRequest.contains("README").toBuilder().caseSensitive(true).build()))
          .containsExactly("downloads/README.txt");
      assertThat(found(SearchRequest.contains("README")))
          .containsExactly("downloads/README.txt", "downloads/readme.md");
      assertThat(found(SearchRequest.glob("*.PNG").toBuilder().caseSensitive(true).build()))
          .containsExactly("images/photo-1.PNG");
    }

    @Test
    @DisplayName("A search within a prefix finds nothing outside it")
    void withinPrefix() {
      assertThat(
              store.searchAll(
                  SearchRequest.contains("app").toBuilder().prefix(key("tree/downloads/")).build()))
          .extracting(ObjectInfo::key)
          .containsExactly(key("tree/downloads/app-1.0.zip"), key("tree/downloads/app-2.0.ZIP"));
      assertThat(
              store.searchAll(
                  SearchRequest.contains("app").toBuilder().prefix(key("tree/images/")).build()))
          .isEmpty();
    }

    @Test
    @DisplayName(
        "Search pages, followed by their cursors, hold every match once, as searchAll does")
    void paginated() {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String match = key(String.format(Locale.ROOT, "paged/match-%02d.txt", i));
        expected.add(match);
        put(match, "m");
        put(key(String.format(Locale.ROOT, "paged/other-%02d.dat", i)), "o");
      }
      SearchRequest request =
          SearchRequest.contains("MATCH").toBuilder().prefix(key("paged/")).pageSize(5).build();
      List<String> paged = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        Page<ObjectInfo> page = store.search(request.toBuilder().cursor(cursor).build());
        assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
        page.items().forEach(i -> paged.add(i.key()));
        cursor = page.nextCursor().orElse(null);
        assertThat(++pages).as("pages so far").isLessThan(100);
      } while (cursor != null);
      assertThat(pages).isGreaterThanOrEqualTo(3);
      assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
      assertThat(store.searchAll(request).map(ObjectInfo::key)).containsExactlyElementsOf(paged);
    }

    @Test
    @DisplayName("A search matching nothing gives an empty page with no cursor")
    void noMatch() {
      Page<ObjectInfo> page =
          store.search(
              SearchRequest.contains("no-such-name").toBuilder().prefix(key("tree/")).build());
      assertThat(page.items()).isEmpty();
      assertThat(page.nextCursor()).isEmpty();
    }
  }

  @Nested
  @DisplayName("Delete")
  class Delete {

    @Test
    @DisplayName("Deleting an object removes it from stat, download and listings")
    void removes() {
      String k = key("delete/gone.txt");
      put(k, "bye");
      store.delete(k);
      assertFails(Code.NOT_FOUND, () -> store.stat(k));
      assertFails(Code.NOT_FOUND, () -> store.download(k).close());
      assertThat(keysUnder(key("delete/"))).isEmpty();
    }

    @Test
    @DisplayName("Deleting a missing key succeeds")
    void missingKey() {
      store.delete(key("delete/never-existed.txt"));
      assertThat(store.exists(key("delete/never-existed.txt"))).isFalse();
    }

    @Test
    @DisplayName(
        "Deleting one key, or a 'directory' that is no object, leaves its neighbours alone")
    void neighboursSurvive() {
      List<String> neighbours =
          List.of(key("dir/ab"), key("dir/a.txt"), key("dir/a-b/c"), key("dir/sub/x"));
      neighbours.forEach(k -> put(k, k));
      put(key("dir/a"), "a");
      store.delete(key("dir/a"));
      store.delete(key("dir/sub"));
      store.delete(key("dir"));
      assertThat(keysUnder(key("dir/"))).containsExactlyInAnyOrderElementsOf(neighbours);
    }

    @Test
    @DisplayName("A batch delete reports every key, present or missing, as deleted, in order")
    void batch() {
      List<String> keys =
          List.of(
              key("batch/1"),
              key("batch/missing-1"),
              key("batch/2"),
              key("batch/missing-2"),
              key("batch/3"));
      put(key("batch/1"), "1");
      put(key("batch/2"), "2");
      put(key("batch/3"), "3");
      DeleteResult result = store.deleteAll(keys);
      assertThat(result.outcomes())
          .extracting(DeleteResult.Outcome::key)
          .containsExactlyElementsOf(keys);
      assertThat(result.allDeleted()).as("failures: %s", result.failures()).isTrue();
      assertThat(keysUnder(key("batch/"))).isEmpty();
    }

    @Test
    @DisplayName(
        "A batch with a key no object can have (a NUL) reports INVALID_KEY for it and still"
            + " deletes the others")
    void batchWithInvalidKey() {
      put(key("batch/1"), "1");
      put(key("batch/2"), "2");
      DeleteResult result = store.deleteAll(List.of(key("batch/1"), "a\u0000b", key("batch/2")));
      assertThat(result.outcomes()).hasSize(3);
      assertThat(result.outcomes().get(0).deleted()).isTrue();
      assertThat(result.outcomes().get(1).errorCode()).contains(Code.INVALID_KEY);
      assertThat(result.outcomes().get(2).deleted()).isTrue();
      assertThat(keysUnder(key("batch/"))).isEmpty();
    }

    @Test
    @DisplayName(
        "A batch one key larger than maxBatchDelete is split into requests the provider accepts")
    void batchLargerThanOneRequest() {
      int max = caps().maxBatchDelete();
      assumeTrue(
          max <= 1000, "maxBatchDelete of " + max + " is too many objects to create in a test");
      List<String> keys =
          IntStream.rangeClosed(0, max)
              .mapToObj(i -> key(String.format(Locale.ROOT, "many/%05d", i)))
              .toList();
      keys.parallelStream().forEach(k -> put(k, new byte[0]));
      DeleteResult result = store.deleteAll(keys);
      assertThat(result.outcomes()).hasSize(max + 1);
      assertThat(result.allDeleted()).as("failures: %s", result.failures()).isTrue();
      assertThat(keysUnder(key("many/"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("Presigned URLs")
  class Presign {

    private final byte[] bytes = randomBytes(1000, 99);
    private String k;

    @BeforeEach
    void storeObject() {
      k = key("presign/file.bin");
      store.upload(UploadRequest.builder(k).contentType("application/zip").build(), bytes);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HttpMethod.class)
    @DisplayName(
        "Presigning a method gives that method, an absolute URL and an expiry of now + TTL on the"
            + " context's clock, or fails with UNSUPPORTED when the method is not declared")
    void eachMethod(HttpMethod method) {
      // A day back: the expiry then shows the driver reads "now" from the context, as it must.
      context.shiftClock(Duration.ofDays(-1));
      Instant before = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
      Optional<PresignedRequest> presigned =
          presign(PresignRequest.builder(method, k, TTL).build());
      Instant after = context.clock().instant();
      presigned.ifPresent(
          p -> {
            assertThat(p.method()).isEqualTo(method);
            assertThat(p.uri().isAbsolute()).isTrue();
            assertThat(p.uri().getScheme()).isIn("http", "https");
            assertThat(p.expiresAt()).isBetween(before.plus(TTL), after.plus(TTL).plusSeconds(1));
          });
    }

    @Test
    @DisplayName("A presigned GET returns 200, the bytes and the stored Content-Type")
    void getReturnsTheBytes() {
      presign(PresignRequest.get(k, TTL))
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(response.body()).isEqualTo(bytes);
                assertThat(KitHttp.header(response, "Content-Type")).startsWith("application/zip");
              });
    }

    @Test
    @DisplayName(
        "A presigned GET with a download filename answers with an RFC 6266 Content-Disposition naming it in UTF-8")
    void getWithDownloadFilename() {
      presign(
              PresignRequest.get(k, TTL).toBuilder()
                  .downloadFilename("Ünïcode app 1.0.zip")
                  .build())
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(KitHttp.header(response, "Content-Disposition"))
                    .startsWith("attachment")
                    .contains("filename*=UTF-8''%C3%9Cn%C3%AFcode%20app%201.0.zip");
              });
    }

    @Test
    @DisplayName("A presigned GET with a response content type answers with that Content-Type")
    void getWithResponseContentType() {
      presign(PresignRequest.get(k, TTL).toBuilder().responseContentType("text/plain").build())
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(KitHttp.header(response, "Content-Type")).startsWith("text/plain");
              });
    }

    @Test
    @DisplayName("A presigned GET with a Range header answers 206 with exactly those bytes")
    void getWithRange() {
      presign(PresignRequest.get(k, TTL))
          .ifPresent(
              p -> {
                Map<String, String> headers = new HashMap<>(p.headers());
                headers.put("Range", "bytes=10-19");
                HttpResponse<byte[]> response = KitHttp.send("GET", p.uri(), headers, null);
                if (caps().rangedReads()) {
                  assertThat(response.statusCode()).as(describe(response)).isEqualTo(206);
                  assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
                } else {
                  // Without ranged reads a server may ignore Range (RFC 9110) but not garble it.
                  assertThat(response.statusCode()).as(describe(response)).isIn(200, 206);
                }
              });
    }

    @Test
    @DisplayName("A presigned PUT sent with its bound Content-Type stores the bytes and the type")
    void putStoresTheBytes() {
      String target = key("presign/uploaded.zip");
      byte[] upload = randomBytes(5000, 5);
      presign(PresignRequest.put(target, TTL).toBuilder().contentType("application/zip").build())
          .ifPresent(
              p -> {
                assertThat(KitHttp.header(p.headers(), "Content-Type"))
                    .isEqualTo("application/zip");
                HttpResponse<byte[]> response = KitHttp.send(p, upload);
                assertThat(response.statusCode()).as(describe(response)).isBetween(200, 299);
                ObjectInfo stat = store.stat(target);
                assertThat(stat.contentType()).contains("application/zip");
                assertThat(stat.size()).isEqualTo(upload.length);
                assertThat(store.readAllBytes(target)).isEqualTo(upload);
              });
    }

    @Test
    @DisplayName(
        "A presigned PUT sent with another Content-Type than the bound one gets 403 and stores nothing")
    void putWithOtherContentType() {
      String target = key("presign/uploaded.zip");
      presign(PresignRequest.put(target, TTL).toBuilder().contentType("application/zip").build())
          .ifPresent(
              p -> {
                Map<String, String> headers = new HashMap<>();
                p.headers()
                    .forEach(
                        (name, value) -> {
                          if (!name.equalsIgnoreCase("Content-Type")) {
                            headers.put(name, value);
                          }
                        });
                headers.put("Content-Type", "text/plain");
                HttpResponse<byte[]> response =
                    KitHttp.send("PUT", p.uri(), headers, randomBytes(100, 6));
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(403);
                assertThat(store.exists(target)).isFalse();
              });
    }

    @Test
    @DisplayName("A presigned HEAD returns 200 and the Content-Length, with no body")
    void headReturnsTheLength() {
      presign(PresignRequest.builder(HttpMethod.HEAD, k, TTL).build())
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(KitHttp.header(response, "Content-Length")).isEqualTo("1000");
                assertThat(response.body()).isEmpty();
              });
    }

    @Test
    @DisplayName("A presigned DELETE removes the object")
    void deleteRemovesTheObject() {
      presign(PresignRequest.builder(HttpMethod.DELETE, k, TTL).build())
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isBetween(200, 299);
                assertThat(store.exists(k)).isFalse();
              });
    }

    @Test
    @DisplayName("A presigned GET of a missing key returns 404")
    void getMissing() {
      presign(PresignRequest.get(key("presign/missing.bin"), TTL))
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(404);
              });
    }

    /** A request for {@link #k}, with bound response headers for a GET and a type for a PUT. */
    private PresignRequest withBoundParameters(HttpMethod method) {
      PresignRequest.Builder request = PresignRequest.builder(method, k, TTL);
      if (method == HttpMethod.GET) {
        request.downloadFilename("file.bin").responseContentType("application/zip");
      } else if (method == HttpMethod.PUT) {
        request.contentType("application/zip");
      }
      return request.build();
    }

    private Optional<PresignedRequest> presignWithBoundParameters(HttpMethod method) {
      return presign(withBoundParameters(method));
    }

    /**
     * Sends {@code query} in place of the signed one and asserts 403, the stored object intact and
     * the backend unchanged.
     */
    private void assertRefusedAndNothingChanged(PresignedRequest p, String query, String why) {
      assertRefusedAndNothingChanged(p, query, why, 403);
    }

    private void assertRefusedAndNothingChanged(
        PresignedRequest p, String query, String why, Integer... statuses) {
      Object before = snapshot();
      URI altered = KitHttp.withQuery(p.uri(), query);
      HttpResponse<byte[]> response =
          KitHttp.send(
              p.method().name(),
              altered,
              p.headers(),
              p.method() == HttpMethod.PUT ? randomBytes(100, 12) : null);
      assertThat(response.statusCode())
          .as(why + ": " + describe(response))
          .isIn((Object[]) statuses);
      assertThat(response.body()).as(why).isNotEqualTo(bytes);
      assertThat(store.readAllBytes(k)).as(why).isEqualTo(bytes);
      assertThat(snapshot()).as(why + ": the backend changed").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} URL + {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "GET | &response-content-disposition=&response-content-type=",
          "GET | &response-content-type=text/html",
          "GET | &response-content-disposition=inline",
          "HEAD | &response-content-type=text/html",
          "PUT | &X-Stowage-Content-Type=text/html",
          "PUT | &x-kit-extra=1",
          "DELETE | &x-kit-extra=1"
        })
    @DisplayName("A presigned URL with a parameter added (even empty) gets 403 and changes nothing")
    void parameterAdded(HttpMethod method, String added) {
      presign(PresignRequest.builder(method, k, TTL).build())
          .ifPresent(
              p ->
                  assertRefusedAndNothingChanged(
                      p, p.uri().getRawQuery() + added.strip(), "added " + added.strip()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = HttpMethod.class,
        names = {"GET", "PUT", "DELETE"})
    @DisplayName(
        "A presigned URL with any one parameter emptied is refused (403 for the signature and bound parameters) and changes nothing")
    void parameterEmptied(HttpMethod method) {
      presignWithBoundParameters(method)
          .ifPresent(
              p -> {
                List<String> pairs = List.of(p.uri().getRawQuery().split("&"));
                for (int i = 0; i < pairs.size(); i++) {
                  String name = pairs.get(i).substring(0, pairs.get(i).indexOf('='));
                  List<String> changed = new ArrayList<>(pairs);
                  changed.set(i, name + "=");
                  String query = String.join("&", changed);
                  if (isSignatureOrBound(name) || presignedQueryIsExact()) {
                    assertRefusedAndNothingChanged(p, query, "emptied " + name);
                  } else {
                    // A protocol field such as X-Amz-Algorithm: a malformed request (400) is as
                    // good a refusal as a forbidden one.
                    assertRefusedAndNothingChanged(p, query, "emptied " + name, 400, 403);
                  }
                }
              });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = HttpMethod.class,
        names = {"GET", "PUT", "DELETE"})
    @DisplayName(
        "A presigned URL with a parameter repeated gets 403 and changes nothing (with the same value: where the query must be exact)")
    void parameterDuplicated(HttpMethod method) {
      presignWithBoundParameters(method)
          .ifPresent(
              p -> {
                String query = p.uri().getRawQuery();
                for (String pair : query.split("&")) {
                  String name = pair.substring(0, pair.indexOf('='));
                  if (isSignatureOrBound(name)) {
                    assertRefusedAndNothingChanged(
                        p, pair + "x&" + query, "repeated with another value: " + name);
                  }
                  String repeated = query + "&" + pair;
                  if (presignedQueryIsExact()) {
                    assertRefusedAndNothingChanged(p, repeated, "repeated " + name);
                  } else if (method == HttpMethod.GET) {
                    assertRefusedOrAnsweredAsSigned(p, repeated, "repeated " + name);
                  }
                }
              });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = HttpMethod.class,
        names = {"GET", "PUT", "DELETE"})
    @DisplayName(
        "A presigned URL with its parameters reordered gets 403 and changes nothing where the query must be exact; elsewhere it does what the URL as signed does")
    void parametersReordered(HttpMethod method) {
      presignWithBoundParameters(method)
          .ifPresent(
              p -> {
                List<String> pairs = new ArrayList<>(List.of(p.uri().getRawQuery().split("&")));
                Collections.reverse(pairs);
                String reversed = String.join("&", pairs);
                Collections.rotate(pairs, 1);
                String rotated = String.join("&", pairs);
                if (presignedQueryIsExact()) {
                  assertRefusedAndNothingChanged(p, reversed, "reversed");
                  assertRefusedAndNothingChanged(p, rotated, "rotated");
                } else if (method == HttpMethod.GET) {
                  assertRefusedOrAnsweredAsSigned(p, reversed, "reversed");
                  assertRefusedOrAnsweredAsSigned(p, rotated, "rotated");
                }
              });
    }

    /** The signature, or a parameter the request bound (a response header, a content type). */
    private static boolean isSignatureOrBound(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      return lower.contains("signature")
          || lower.startsWith("response-")
          || lower.contains("content-type");
    }

    /**
     * For a GET whose query a provider may canonicalise: refused (and nothing changed), or answered
     * exactly as the URL as signed is: same status, bytes, type and disposition.
     */
    private void assertRefusedOrAnsweredAsSigned(PresignedRequest p, String query, String why) {
      HttpResponse<byte[]> altered =
          KitHttp.send("GET", KitHttp.withQuery(p.uri(), query), p.headers(), null);
      if (altered.statusCode() == 400 || altered.statusCode() == 403) {
        assertThat(store.readAllBytes(k)).as(why).isEqualTo(bytes);
        return;
      }
      HttpResponse<byte[]> signed = KitHttp.send(p, null);
      assertThat(altered.statusCode())
          .as(why + ": " + describe(altered))
          .isEqualTo(signed.statusCode());
      assertThat(altered.body()).as(why).isEqualTo(signed.body());
      for (String header : List.of("Content-Type", "Content-Disposition")) {
        assertThat(KitHttp.header(altered, header))
            .as(why + ": " + header)
            .isEqualTo(KitHttp.header(signed, header));
      }
    }

    /** The link's scheme, authority and path up to the key: where the store serves its links. */
    private String linkBase(PresignedRequest link) {
      String path = link.uri().getRawPath();
      String keyPath = "/" + PercentCoding.encodePath(k);
      assertThat(path).as("a link's path ends in its key").endsWith(keyPath);
      URI uri = link.uri();
      return uri.getScheme()
          + "://"
          + uri.getRawAuthority()
          + path.substring(0, path.length() - keyPath.length());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = HttpMethod.class,
        names = {"GET", "PUT", "DELETE"})
    @DisplayName(
        "A link minted by another store with the same signing key gets 403 here and changes nothing")
    void linkFromAnotherStore(HttpMethod method) {
      presignWithBoundParameters(method)
          .ifPresent(
              p -> {
                Optional<Store> other = openSecondStoreSharingSigningKey(context, linkBase(p));
                assumeTrue(
                    other.isPresent(),
                    "this driver's links are not signed with a key the host chooses");
                assertThat(linkBase(other.get().presign(withBoundParameters(method))))
                    .as("the second store's links have the same base: only its identity differs")
                    .isEqualTo(linkBase(p));
                // The other store's link for the same key, sent to this store: its signature is
                // the only thing that differs from a link this store minted.
                PresignedRequest foreign = other.get().presign(withBoundParameters(method));
                assertRefusedAndNothingChanged(
                    p, foreign.uri().getRawQuery(), "the other store's signature");
              });
    }

    @ParameterizedTest(name = "{0} URL, {1} altered")
    @CsvSource({
      "GET, SIGNATURE", "GET, EXPIRY", "GET, KEY",
      "PUT, SIGNATURE", "PUT, EXPIRY", "PUT, KEY",
      "DELETE, SIGNATURE", "DELETE, EXPIRY", "DELETE, KEY"
    })
    @DisplayName("A presigned URL with one character changed gets 403 and changes nothing")
    void tampered(HttpMethod method, UrlPart part) {
      presign(PresignRequest.builder(method, k, TTL).build())
          .ifPresent(
              p -> {
                assertThat(p.uri().getRawPath())
                    .as("the URL path ends in the key")
                    .endsWith("/file.bin");
                HttpResponse<byte[]> response =
                    KitHttp.send(
                        method.name(),
                        KitHttp.tamper(p.uri(), part),
                        p.headers(),
                        method == HttpMethod.PUT ? randomBytes(100, 7) : null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(403);
                assertThat(response.body()).isNotEqualTo(bytes);
                assertThat(store.readAllBytes(k)).isEqualTo(bytes);
                // KEY turns "file.bin" into "gile.bin": that must not have been created either.
                assertThat(store.exists(key("presign/gile.bin"))).isFalse();
              });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HttpMethod.class)
    @DisplayName("An expired presigned URL gets 403 and changes nothing")
    void expired(HttpMethod method) {
      // Signed two hours ago for one minute: long expired, without waiting for it.
      context.shiftClock(Duration.ofHours(-2));
      Optional<PresignedRequest> presigned =
          presign(PresignRequest.builder(method, k, Duration.ofMinutes(1)).build());
      context.shiftClock(Duration.ZERO);
      presigned.ifPresent(
          p -> {
            assertThat(p.expiresAt()).isBefore(context.clock().instant());
            HttpResponse<byte[]> response =
                KitHttp.send(p, method == HttpMethod.PUT ? randomBytes(100, 8) : null);
            assertThat(response.statusCode()).as(describe(response)).isEqualTo(403);
            assertThat(store.readAllBytes(k)).isEqualTo(bytes);
          });
    }

    @ParameterizedTest(name = "{0} URL sent as {1}")
    @CsvSource({"GET, DELETE", "GET, PUT", "PUT, GET", "DELETE, GET"})
    @DisplayName("A presigned URL used with another method gets 403 and changes nothing")
    void wrongMethod(HttpMethod signed, HttpMethod sent) {
      presign(PresignRequest.builder(signed, k, TTL).build())
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response =
                    KitHttp.send(
                        sent.name(),
                        p.uri(),
                        p.headers(),
                        sent == HttpMethod.PUT ? randomBytes(100, 9) : null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(403);
                assertThat(response.body()).isNotEqualTo(bytes);
                assertThat(store.readAllBytes(k)).isEqualTo(bytes);
              });
    }

    @Test
    @DisplayName(
        "Store rule: a TTL under one second fails with INVALID_ARGUMENT (UNSUPPORTED for"
            + " undeclared methods)")
    void ttlTooShort() {
      for (HttpMethod method : HttpMethod.values()) {
        Code expected = caps().canPresign(method) ? Code.INVALID_ARGUMENT : Code.UNSUPPORTED;
        for (Duration ttl :
            List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(-1))) {
          assertFails(
              expected, () -> store.presign(PresignRequest.builder(method, k, ttl).build()));
        }
      }
    }

    @Test
    @DisplayName(
        "Store rule: a TTL beyond maxPresignTtl fails with INVALID_ARGUMENT (UNSUPPORTED for"
            + " undeclared methods)")
    void ttlTooLong() {
      for (HttpMethod method : HttpMethod.values()) {
        Code expected = caps().canPresign(method) ? Code.INVALID_ARGUMENT : Code.UNSUPPORTED;
        for (Duration ttl : List.of(caps().maxPresignTtl().plusSeconds(1), Duration.ofDays(8))) {
          assertFails(
              expected, () -> store.presign(PresignRequest.builder(method, k, ttl).build()));
        }
      }
    }

    @Test
    @DisplayName("TTLs of exactly one second and exactly maxPresignTtl are accepted")
    void ttlBounds() {
      for (HttpMethod method : HttpMethod.values()) {
        for (Duration ttl : List.of(Duration.ofSeconds(1), caps().maxPresignTtl())) {
          presign(PresignRequest.builder(method, k, ttl).build())
              .ifPresent(p -> assertThat(p.method()).isEqualTo(method));
        }
      }
    }

    @Test
    @DisplayName("Presigned PUT and GET work on a key full of reserved and non-ASCII characters")
    void reservedCharactersInKey() {
      String special = key("presign/a b+c!*'()~=&$@:,;?#[]%20%2F ünï 😀.bin");
      byte[] data = special.getBytes(UTF_8);
      Optional<PresignedRequest> put = presign(PresignRequest.put(special, TTL));
      if (put.isPresent()) {
        HttpResponse<byte[]> response = KitHttp.send(put.get(), data);
        assertThat(response.statusCode()).as(describe(response)).isBetween(200, 299);
      } else {
        put(special, data);
      }
      assertThat(keysUnder(key("presign/a b"))).containsExactly(special);
      presign(PresignRequest.get(special, TTL))
          .ifPresent(
              p -> {
                HttpResponse<byte[]> response = KitHttp.send(p, null);
                assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
                assertThat(response.body()).isEqualTo(data);
              });
    }
  }

  @Nested
  @DisplayName("Browser POST uploads")
  class PostPolicy {

    @Test
    @DisplayName(
        "A form POST within the policy's size limit stores the file (UNSUPPORTED when not declared)")
    void withinLimit() {
      String k = key("post/form.bin");
      PostPolicyRequest request = PostPolicyRequest.exactKey(k, 1024, TTL);
      if (!caps().presignPost()) {
        assertFails(Code.UNSUPPORTED, () -> store.presignPost(request));
        return;
      }
      PresignedPost post = store.presignPost(request);
      byte[] file = randomBytes(1000, 11);
      HttpResponse<byte[]> response = KitHttp.postForm(post, "application/octet-stream", file);
      assertThat(response.statusCode()).as(describe(response)).isBetween(200, 299);
      assertThat(store.readAllBytes(k)).isEqualTo(file);
    }

    @Test
    @DisplayName(
        "A form POST over the policy's size limit gets a 4xx and stores nothing (UNSUPPORTED when not declared)")
    void overLimit() {
      String k = key("post/too-big.bin");
      if (!caps().presignPost()) {
        assertFails(
            Code.UNSUPPORTED,
            () -> store.presignPost(PostPolicyRequest.keyPrefix(key("post/"), 100, TTL)));
        return;
      }
      PresignedPost post = store.presignPost(PostPolicyRequest.exactKey(k, 100, TTL));
      HttpResponse<byte[]> response =
          KitHttp.postForm(post, "application/octet-stream", randomBytes(101, 12));
      assertThat(response.statusCode()).as(describe(response)).isBetween(400, 499);
      assertThat(store.exists(k)).isFalse();
    }
  }

  @Nested
  @DisplayName("Hardening")
  class Harden {

    private final HardeningPolicy everything =
        HardeningPolicy.recommended().toBuilder().cors(List.of("https://shop.example")).build();

    private boolean applicable(HardeningSetting setting) {
      return caps().hardeningSettings().contains(setting)
          && !hardeningSettingsTheBackendRefuses().contains(setting);
    }

    private void assertOneRowPerSetting(HardeningReport report, HardeningPolicy policy) {
      assertThat(report.rows())
          .extracting(HardeningReport.Row::setting)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(policy.settings());
      report.rows().stream()
          .filter(r -> !applicable(r.setting()))
          .forEach(
              r -> {
                assertThat(r.status())
                    .as(r.setting().name())
                    .isEqualTo(HardeningReport.Status.UNSUPPORTED);
                assertThat(r.detail()).as("why %s is unsupported", r.setting()).isNotBlank();
              });
    }

    @Test
    @DisplayName(
        "A dry run changes nothing and reports one row per setting, UNSUPPORTED where not declared")
    void dryRun() {
      put(key("harden/keep.txt"), "keep");
      Object before = snapshot();
      HardeningReport report = store.harden(everything.toBuilder().dryRun(true).build());
      assertThat(snapshot()).as("the backend after a dry run").isEqualTo(before);
      assertThat(report.dryRun()).isTrue();
      assertOneRowPerSetting(report, everything);
      report.rows().stream()
          .filter(r -> applicable(r.setting()))
          .forEach(
              r ->
                  assertThat(r.status())
                      .as(r.setting().name())
                      .isIn(HardeningReport.Status.ALREADY_SET, HardeningReport.Status.NOT_SET));
    }

    @Test
    @DisplayName(
        "Applying a policy applies or confirms every declared setting, reports the rest UNSUPPORTED, and the store still works")
    void apply() {
      HardeningReport report = store.harden(everything);
      assertThat(report.dryRun()).isFalse();
      assertOneRowPerSetting(report, everything);
      report.rows().stream()
          .filter(r -> applicable(r.setting()))
          .forEach(
              r ->
                  assertThat(r.status())
                      .as("%s: %s", r.setting(), r.detail())
                      .isIn(HardeningReport.Status.APPLIED, HardeningReport.Status.ALREADY_SET));
      put(key("harden/after.txt"), "still works");
      assertThat(store.readAllBytes(key("harden/after.txt")))
          .isEqualTo("still works".getBytes(UTF_8));
    }

    @Test
    @DisplayName(
        "Applying the same policy again reports ALREADY_SET for everything the first run applied")
    void applyTwice() {
      HardeningReport first = store.harden(everything);
      HardeningReport second = store.harden(everything);
      assertOneRowPerSetting(second, everything);
      for (HardeningReport.Row row : first.rows()) {
        HardeningReport.Status again = second.row(row.setting()).orElseThrow().status();
        if (row.status() == HardeningReport.Status.APPLIED
            || row.status() == HardeningReport.Status.ALREADY_SET) {
          assertThat(again).as(row.setting().name()).isEqualTo(HardeningReport.Status.ALREADY_SET);
        }
      }
    }

    @Test
    @DisplayName("After applying, a dry run reports ALREADY_SET for every applied setting")
    void dryRunAfterApply() {
      HardeningReport applied = store.harden(everything);
      HardeningReport check = store.harden(everything.toBuilder().dryRun(true).build());
      assertOneRowPerSetting(check, everything);
      for (HardeningReport.Row row : applied.rows()) {
        if (row.status() == HardeningReport.Status.APPLIED
            || row.status() == HardeningReport.Status.ALREADY_SET) {
          assertThat(check.row(row.setting()).orElseThrow().status())
              .as(row.setting().name())
              .isEqualTo(HardeningReport.Status.ALREADY_SET);
        }
      }
    }
  }

  @Nested
  @DisplayName("Verify")
  class Verify {

    @Test
    @DisplayName(
        "A healthy store passes every check, and every check has a name (UNSUPPORTED when not"
            + " declared)")
    void healthy() {
      if (!caps().verify()) {
        assertFails(Code.UNSUPPORTED, () -> store.verify());
        return;
      }
      ConnectionReport report = store.verify();
      assertThat(report.ok()).as("failed checks: %s", report.failures()).isTrue();
      assertThat(report.driverId()).isEqualTo(store.descriptor().id());
      assertThat(report.checks()).isNotEmpty();
      assertThat(report.checks())
          .extracting(ConnectionReport.Check::name)
          .allSatisfy(name -> assertThat(name).isNotBlank())
          .doesNotHaveDuplicates();
    }

    @Test
    @DisplayName(
        "Checked for reading only, a healthy store passes, reports the write check NOT_NEEDED or"
            + " leaves it out, and writes nothing")
    void readOnly() {
      put(key("verify/keep.txt"), "keep");
      Object before = snapshot();
      ConnectionReport report = store.verify(EnumSet.of(Feature.READ));
      assertThat(report.ok()).as("failed checks: %s", report.failures()).isTrue();
      assertThat(report.checks())
          .as("no write was checked: %s", report.checks())
          .noneMatch(c -> c.name().contains("Write") && c.passed());
      assertThat(snapshot()).as("the backend after a read-only verify").isEqualTo(before);
    }

    @Test
    @DisplayName("Verify leaves no probe object behind")
    void leavesNothingBehind() {
      put(key("verify/keep.txt"), "keep");
      Object before = snapshot();
      List<String> listed = keysUnder("");
      if (caps().verify()) {
        store.verify();
      } else {
        assertFails(Code.UNSUPPORTED, () -> store.verify());
      }
      assertThat(snapshot()).as("the backend after verify").isEqualTo(before);
      assertThat(keysUnder("")).as("the listing after verify").isEqualTo(listed);
    }
  }

  @Nested
  @DisplayName("Keys")
  class KeyRules {

    @ParameterizedTest(name = "{0}")
    @EnumSource(GoodKey.class)
    @DisplayName(
        "A valid key round-trips unchanged through upload, stat, list, search, download, presigned GET and delete")
    void validKey(GoodKey good) {
      String base = key("good/");
      String k = good.key(base, caps().maxKeyBytes());
      assertThat(Keys.problem(k)).as("the kit's own key is valid").isNull();
      byte[] bytes = k.getBytes(UTF_8);
      assertThat(store.upload(UploadRequest.of(k), bytes).key()).isEqualTo(k);
      assertThat(store.stat(k).key()).isEqualTo(k);
      assertThat(keysUnder(base)).containsExactly(k);
      assertThat(
              store.searchAll(
                  SearchRequest.contains(Keys.filename(k)).toBuilder()
                      .prefix(base)
                      .caseSensitive(true)
                      .build()))
          .extracting(ObjectInfo::key)
          .containsExactly(k);
      assertThat(store.readAllBytes(k)).isEqualTo(bytes);
      if (caps().canPresign(HttpMethod.GET)) {
        HttpResponse<byte[]> response =
            KitHttp.send(store.presign(PresignRequest.get(k, TTL)), null);
        assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
      }
      store.delete(k);
      assertThat(store.exists(k)).isFalse();
      assertThat(keysUnder(base)).isEmpty();
    }

    @Test
    @DisplayName("Keys that differ only in Unicode normalisation are two distinct objects")
    void normalisationIsNotApplied() {
      String composed = key("nf/caf\u00e9.txt");
      String decomposed = key("nf/cafe\u0301.txt");
      put(composed, "composed");
      put(decomposed, "decomposed");
      assertThat(keysUnder(key("nf/"))).containsExactly(decomposed, composed);
      assertThat(store.readAllBytes(composed)).isEqualTo("composed".getBytes(UTF_8));
      assertThat(store.readAllBytes(decomposed)).isEqualTo("decomposed".getBytes(UTF_8));
    }
  }

  /**
   * What {@link Store} answers before the driver runs: these pass for any driver behind a store,
   * and are here so every driver's users get them. What the driver itself must do is in {@link
   * Driver}.
   */
  @Nested
  @DisplayName("Store rules (answered by Store before the driver runs)")
  class StoreRules {

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadKey.class)
    @DisplayName(
        "An invalid key is never written (INVALID_KEY); reading or deleting it is INVALID_KEY, or"
            + " NOT_FOUND where another tool could have stored it; the backend stays as it was")
    void invalidKey(BadKey bad) {
      put(key("keep.txt"), "keep");
      Object before = snapshot();
      String k = bad.key;
      byte[] bytes = "must not be stored".getBytes(UTF_8);
      assertFails(Code.INVALID_KEY, () -> store.upload(UploadRequest.of(k), bytes));
      assertFails(
          Code.INVALID_KEY,
          () ->
              store.upload(
                  UploadRequest.builder(k).createOnly(true).build(),
                  new ByteArrayInputStream(bytes)));
      if (caps().canPresign(HttpMethod.PUT)) {
        assertFails(Code.INVALID_KEY, () -> store.presign(PresignRequest.put(k, TTL)));
      }
      if (caps().presignPost()) {
        assertFails(
            Code.INVALID_KEY, () -> store.presignPost(PostPolicyRequest.exactKey(k, 100, TTL)));
      }
      // A key another tool could have written reaches the driver: refused (INVALID_KEY, or
      // INVALID_ARGUMENT when the provider itself answers 400, as S3 servers do to some
      // dot-segment keys) or simply not there.
      Set<Code> readCodes =
          bad.couldExist()
              ? EnumSet.of(Code.INVALID_KEY, Code.INVALID_ARGUMENT, Code.NOT_FOUND)
              : EnumSet.of(Code.INVALID_KEY);
      assertFailsWithOneOf(readCodes, () -> store.stat(k));
      if (bad.couldExist()) {
        assertThat(missingOrRefused(() -> store.exists(k))).as("exists").isTrue();
      } else {
        assertFails(Code.INVALID_KEY, () -> store.exists(k));
      }
      assertFailsWithOneOf(readCodes, () -> store.download(k).close());
      if (caps().rangedReads()) {
        assertFailsWithOneOf(readCodes, () -> store.download(k, ByteRange.of(0, 0)).close());
      }
      if (bad.couldExist()) {
        assertThat(doneOrRefused(() -> store.delete(k))).as("delete").isTrue();
      } else {
        assertFails(Code.INVALID_KEY, () -> store.delete(k));
      }
      for (HttpMethod method : caps().presignMethods()) {
        if (method != HttpMethod.PUT && !bad.couldExist()) {
          assertFails(
              Code.INVALID_KEY,
              () -> store.presign(PresignRequest.builder(method, k, TTL).build()));
        }
      }
      assertThat(store.deleteAll(List.of(k)).outcomes())
          .singleElement()
          .satisfies(
              o -> {
                if (!bad.couldExist()) {
                  assertThat(o.errorCode()).contains(Code.INVALID_KEY);
                } else if (!o.deleted()) {
                  assertThat(o.errorCode().orElseThrow())
                      .isIn(Code.INVALID_KEY, Code.INVALID_ARGUMENT);
                }
              });
      assertThat(snapshot()).as("the backend after the invalid key").isEqualTo(before);
    }

    @Test
    @DisplayName(
        "A key one byte longer than maxKeyBytes is refused with INVALID_KEY and stores nothing")
    void oneByteTooLong() {
      String k = GoodKey.fill(key("long/"), caps().maxKeyBytes() + 1, "k");
      assertFails(Code.INVALID_KEY, () -> put(k, "x"));
      assertThat(keysUnder(key("long/"))).isEmpty();
    }

    @Test
    @DisplayName("A stream upload that is refused still closes the stream, as the store promises")
    void refusedStreamIsClosed() {
      GeneratedInputStream source = GeneratedInputStream.of(10, 5);
      UploadRequest invalid = UploadRequest.builder(key("refused.bin")).contentType("zip").build();
      assertFails(Code.INVALID_ARGUMENT, () -> store.upload(invalid, source));
      assertThat(source.closed()).as("the stream was closed").isTrue();
    }

    @ParameterizedTest(name = "content type {0}")
    @ValueSource(strings = {"zip", "text/ plain", "application/zip\r\nX-Injected: 1"})
    @DisplayName("An invalid content type fails with INVALID_ARGUMENT and stores nothing")
    void invalidContentType(String contentType) {
      String k = key("invalid/content-type.bin");
      assertFails(
          Code.INVALID_ARGUMENT,
          () ->
              store.upload(UploadRequest.builder(k).contentType(contentType).build(), new byte[1]));
      assertThat(store.exists(k)).isFalse();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"Upper-Case, x", "'with space', x", "'', x", "ok, naïve"})
    @DisplayName(
        "Invalid user metadata fails with INVALID_ARGUMENT (UNSUPPORTED without metadata) and"
            + " stores nothing")
    void invalidMetadata(String name, String value) {
      String k = key("invalid/metadata.bin");
      Code expected = caps().userMetadata() ? Code.INVALID_ARGUMENT : Code.UNSUPPORTED;
      assertFails(
          expected,
          () -> store.upload(UploadRequest.builder(k).metadata(name, value).build(), new byte[1]));
      assertThat(store.exists(k)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadCursor.class)
    @DisplayName(
        "A cursor that is not from a listing of the same prefix fails with INVALID_ARGUMENT")
    void badCursor(BadCursor bad) {
      for (int i = 0; i < 3; i++) {
        put(key("cursor/a/" + i), "a");
        put(key("cursor/b/" + i), "b");
      }
      String cursor =
          switch (bad) {
            case GARBAGE -> "not-a-cursor!";
            case FROM_A_SEARCH ->
                store
                    .search(
                        SearchRequest.glob("*").toBuilder()
                            .prefix(key("cursor/a/"))
                            .pageSize(1)
                            .build())
                    .nextCursor()
                    .orElse(null);
            case FROM_ANOTHER_PREFIX ->
                store
                    .list(ListRequest.builder(key("cursor/b/")).pageSize(1).build())
                    .nextCursor()
                    .orElse(null);
          };
      assertThat(cursor).as("the cursor to misuse").isNotNull();
      assertFails(
          Code.INVALID_ARGUMENT,
          () ->
              store.list(ListRequest.builder(key("cursor/a/")).pageSize(1).cursor(cursor).build()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[abc", "photo-[.png", "[z-a]", "[!]"})
    @DisplayName("A malformed glob fails with INVALID_ARGUMENT")
    void badGlob(String glob) {
      assertFails(
          Code.INVALID_ARGUMENT,
          () -> store.search(SearchRequest.glob(glob).toBuilder().prefix(key("tree/")).build()));
    }

    @Test
    @DisplayName(
        "A stream declared longer than maxObjectBytes is refused with INVALID_ARGUMENT before a"
            + " byte is read, closed, and nothing is stored (when the driver has a limit)")
    void overMaxObjectBytes() {
      long max = caps().maxObjectBytes();
      if (max == Long.MAX_VALUE) {
        return; // no limit to exceed
      }
      String k = key("limits/too-big.bin");
      GeneratedInputStream source = GeneratedInputStream.of(10, 35);
      assertFails(Code.INVALID_ARGUMENT, () -> store.upload(UploadRequest.of(k), source, max + 1));
      assertThat(source.closed()).as("the stream was closed").isTrue();
      assertThat(store.exists(k)).isFalse();
    }

    @Test
    @DisplayName(
        "A POST policy allowing more than maxSinglePutBytes is refused with INVALID_ARGUMENT (when"
            + " POST policies are declared)")
    void postPolicyOverMaxSinglePutBytes() {
      long max = caps().maxSinglePutBytes();
      if (!caps().presignPost() || max == Long.MAX_VALUE) {
        return; // Capabilities gives no policy to refuse: see PostPolicy for UNSUPPORTED
      }
      String k = key("limits/form.bin");
      assertFails(
          Code.INVALID_ARGUMENT,
          () -> store.presignPost(PostPolicyRequest.exactKey(k, max + 1, TTL)));
      assertThat(store.presignPost(PostPolicyRequest.exactKey(k, max, TTL)).url()).isNotBlank();
    }
  }

  /** Downloads to a file and a stream through {@link Store}. */
  @Nested
  @DisplayName("Download to a file or stream (through Store)")
  class DownloadTo {

    @Test
    @DisplayName(
        "Store.download to a Path replaces an existing file with the object's bytes and tells a"
            + " progress listener counts that never go down, ending at the size")
    void replacesTarget() throws Exception {
      String k = key("to/file.bin");
      byte[] bytes = randomBytes(300_000, 36);
      put(k, bytes);
      Path target = Files.write(context.newTempDirectory().resolve("old.bin"), new byte[10]);
      List<Long> told = new CopyOnWriteArrayList<>();
      ObjectInfo info =
          store.download(
              DownloadRequest.builder(k).progress((done, total) -> told.add(done)).build(), target);
      assertThat(info.size()).isEqualTo(bytes.length);
      assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
      assertThat(told).isSorted().isNotEmpty();
      assertThat(told.get(told.size() - 1)).isEqualTo((long) bytes.length);
    }

    @Test
    @DisplayName("Store.download to an OutputStream writes the object's bytes and leaves it open")
    void toStream() {
      String k = key("to/stream.bin");
      byte[] bytes = randomBytes(70_000, 37);
      put(k, bytes);
      var out = new java.io.ByteArrayOutputStream();
      ObjectInfo info = store.download(DownloadRequest.of(k), out);
      assertThat(info.size()).isEqualTo(bytes.length);
      assertThat(out.toByteArray()).isEqualTo(bytes);
    }

    @Test
    @DisplayName(
        "Store.download to a Path: a missing key is NOT_FOUND, a missing folder or a folder as"
            + " target INVALID_ARGUMENT, an invalid key INVALID_KEY; nothing is created")
    void refusals() throws Exception {
      Path dir = context.newTempDirectory();
      assertFails(Code.NOT_FOUND, () -> store.download(key("to/missing.bin"), dir.resolve("a")));
      assertFails(
          Code.INVALID_ARGUMENT,
          () -> store.download(key("to/missing.bin"), dir.resolve("no").resolve("a")));
      assertFails(Code.INVALID_ARGUMENT, () -> store.download(key("to/missing.bin"), dir));
      assertFails(Code.INVALID_KEY, () -> store.download("a\u0000b", dir.resolve("a")));
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  /**
   * The driver's own contract, tested on the driver below {@link Store} ({@link #driver()}), where
   * no check of the store can answer for it.
   */
  @Nested
  @DisplayName("Driver (called directly, below Store)")
  class Driver {

    /** Past the S3 driver's default multipart threshold (16 MiB), so big uploads go multipart. */
    private static final long MULTIPART_SIZE = 17L << 20;

    private ObjectContent read(String k, ByteRange range) {
      return driver().download(k, range);
    }

    @ParameterizedTest(name = "{0} of {1} bytes")
    @CsvSource({
      "SHORTER, 100",
      "LONGER, 100",
      "SHORTER, " + MULTIPART_SIZE,
      "LONGER, " + MULTIPART_SIZE
    })
    @DisplayName(
        "An upload whose stream holds fewer or more bytes than declared fails with INVALID_ARGUMENT,"
            + " stores nothing, keeps the old object and closes the stream")
    void declaredLengthIsEnforced(LengthLie lie, long declared) {
      String existing = key("driver/length/existing.bin");
      String fresh = key("driver/length/fresh.bin");
      byte[] old = randomBytes(300, 31);
      put(existing, old);
      Object before = snapshot();
      long actual = lie == LengthLie.SHORTER ? declared + 1 : declared - 1;
      for (String k : List.of(existing, fresh)) {
        GeneratedInputStream stream = GeneratedInputStream.of(actual, 32);
        assertFails(
            Code.INVALID_ARGUMENT,
            () -> driver().upload(UploadRequest.of(k), UploadSource.ofStream(stream, declared)));
        assertThat(stream.closed()).as("the stream was closed").isTrue();
      }
      assertThat(store.readAllBytes(existing)).as("the old object").isEqualTo(old);
      assertFails(Code.NOT_FOUND, () -> driver().stat(fresh));
      assertThat(keysUnder(key("driver/length/"))).containsExactly(existing);
      assertThat(snapshot()).as("the backend after the refused uploads").isEqualTo(before);
    }

    @Test
    @DisplayName("A stream of exactly the declared length is stored whole by the driver")
    void declaredLengthKept() {
      String k = key("driver/length/exact.bin");
      ObjectInfo info =
          driver()
              .upload(
                  UploadRequest.of(k),
                  UploadSource.ofStream(GeneratedInputStream.of(1000, 33), 1000));
      assertThat(info.size()).isEqualTo(1000);
      try (ObjectContent content = store.download(k)) {
        assertThat(GeneratedInputStream.sha256(content.stream()))
            .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(1000, 33)));
      }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 1000, (17L << 20) + 3})
    @DisplayName(
        "A download to a file writes exactly the object's bytes (0 B, small, and past 16 MiB, where"
            + " drivers may fetch parts in parallel), reports its size and progress up to it, and"
            + " leaves no other file beside it")
    void downloadToFile(long size) throws Exception {
      String k = key("driver/file/" + size + ".bin");
      driver()
          .upload(
              UploadRequest.of(k), UploadSource.ofStream(GeneratedInputStream.of(size, 35), size));
      Path dir = context.newTempDirectory();
      Path target = dir.resolve("copy.bin");
      long[] told = {-1};
      ObjectInfo info =
          driver()
              .download(
                  k,
                  target,
                  (done, total) -> {
                    synchronized (told) {
                      told[0] = Math.max(told[0], done);
                    }
                  });
      assertThat(info.size()).as("the info's size").isEqualTo(size);
      assertThat(info.key()).isEqualTo(k);
      assertThat(Files.size(target)).isEqualTo(size);
      try (var in = Files.newInputStream(target)) {
        assertThat(GeneratedInputStream.sha256(in))
            .as("the file's SHA-256")
            .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 35)));
      }
      if (size > 0) {
        assertThat(told[0]).as("the last progress").isEqualTo(size);
      }
      try (var files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString())).containsExactly("copy.bin");
      }
    }

    @Test
    @DisplayName(
        "A download of a missing key to a file is NOT_FOUND and leaves an existing target as it was,"
            + " with no temporary file beside it")
    void downloadMissingToFile() throws Exception {
      Path dir = context.newTempDirectory();
      Path target = Files.write(dir.resolve("kept.bin"), new byte[] {1, 2, 3});
      assertFails(
          Code.NOT_FOUND,
          () -> driver().download(key("driver/file/missing.bin"), target, (d, t) -> {}));
      assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
      try (var files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString())).containsExactly("kept.bin");
      }
    }

    @Test
    @DisplayName(
        "A download to a file in a folder that does not exist fails with INVALID_ARGUMENT and"
            + " creates nothing")
    void downloadToMissingFolder() throws Exception {
      String k = key("driver/file/small.bin");
      put(k, "hello");
      Path dir = context.newTempDirectory();
      Path target = dir.resolve("absent").resolve("copy.bin");
      StorageException e =
          assertFails(Code.INVALID_ARGUMENT, () -> driver().download(k, target, (d, t) -> {}));
      assertThat(e.getMessage())
          .as("no absolute path in the message")
          .doesNotContain(dir.toString());
      assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }

    @Test
    @DisplayName(
        "Ranged reads straight from the driver: first byte, last byte, a range past the end cut,"
            + " one starting past the end INVALID_ARGUMENT (when ranged reads are declared)")
    void rangedReads() {
      byte[] bytes = randomBytes(1000, 34);
      String k = key("driver/ranges.bin");
      put(k, bytes);
      try (ObjectContent whole = read(k, null)) {
        assertThat(whole.rangeStart()).isZero();
        assertThat(whole.length()).isEqualTo(1000);
        assertThat(whole.readAllBytes()).isEqualTo(bytes);
      }
      if (!caps().rangedReads()) {
        return; // Store refuses ranges for such a driver: see Ranges.
      }
      assertDriverRange(k, bytes, ByteRange.of(0, 0), 0, 1);
      assertDriverRange(k, bytes, ByteRange.of(999, 999), 999, 1000);
      assertDriverRange(k, bytes, ByteRange.lastBytes(1), 999, 1000);
      assertDriverRange(k, bytes, ByteRange.of(500, 5000), 500, 1000);
      for (ByteRange pastEnd : List.of(ByteRange.of(1000, 1000), ByteRange.from(5000))) {
        assertFails(Code.INVALID_ARGUMENT, () -> read(k, pastEnd).close());
      }
      assertFails(
          Code.NOT_FOUND, () -> read(key("driver/missing.bin"), ByteRange.of(0, 0)).close());
    }

    private void assertDriverRange(String k, byte[] bytes, ByteRange range, int from, int to) {
      try (ObjectContent content = read(k, range)) {
        assertThat(content.rangeStart()).as("start of %s", range).isEqualTo(from);
        assertThat(content.length()).as("length of %s", range).isEqualTo(to - from);
        assertThat(content.info().size()).as("the whole object's size").isEqualTo(bytes.length);
        assertThat(content.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, from, to));
      }
    }

    @Test
    @DisplayName(
        "Presign methods and POST policies the driver does not declare fail with UNSUPPORTED from"
            + " the driver itself")
    void undeclaredPresigningIsRefusedByTheDriver() {
      String k = key("driver/presign.bin");
      for (HttpMethod method : HttpMethod.values()) {
        if (!caps().canPresign(method)) {
          assertFails(
              Code.UNSUPPORTED,
              () -> driver().presign(PresignRequest.builder(method, k, TTL).build()));
        }
      }
      if (!caps().presignPost()) {
        assertFails(
            Code.UNSUPPORTED, () -> driver().presignPost(PostPolicyRequest.exactKey(k, 100, TTL)));
      }
      assertThat(keysUnder(key("driver/"))).isEmpty();
    }
  }

  /** How an upload's declared length differs from the bytes its stream holds. */
  enum LengthLie {
    /** The stream holds one byte more than declared. */
    SHORTER,
    /** The stream holds one byte fewer than declared. */
    LONGER
  }
}
