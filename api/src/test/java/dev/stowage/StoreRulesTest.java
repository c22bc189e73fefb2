package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException.Code;
import dev.stowage.fixtures.GoodProvider;
import dev.stowage.fixtures.RecordingDriver;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rules Store enforces for every driver, checked against a driver that records calls. */
class StoreRulesTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  private RecordingDriver driver;

  private Store store(Capabilities caps, List<String> keys) {
    driver = new RecordingDriver(caps, keys);
    return Store.open(
        new GoodProvider() {
          @Override
          public StorageDriver open(DriverConfig config, DriverContext context) {
            return driver;
          }
        },
        DriverConfig.builder().set("bucket", "b").secret("secretKey", "  " + SECRET + "\n").build(),
        DriverContext.create());
  }

  private Store store() {
    return store(
        Capabilities.builder()
            .presignMethods(EnumSet.of(HttpMethod.GET))
            .userMetadata(true)
            .verify(true)
            .build(),
        List.of());
  }

  private static Code codeOf(Runnable r) {
    try {
      r.run();
    } catch (StorageException e) {
      return e.code();
    }
    throw new AssertionError("no exception");
  }

  @Test
  @DisplayName("A key no object can have is refused with INVALID_KEY before the driver sees it")
  void badKeysNeverReachTheDriver() {
    Store store =
        store(
            Capabilities.builder()
                .presignMethods(EnumSet.of(HttpMethod.GET, HttpMethod.PUT))
                .build(),
            List.of());
    for (String bad : List.of("", "a\u0000b", "x".repeat(1025), "a\uD800b")) {
      assertThat(codeOf(() -> store.upload(UploadRequest.of(bad), new byte[1])))
          .isEqualTo(Code.INVALID_KEY);
      assertThat(codeOf(() -> store.stat(bad))).isEqualTo(Code.INVALID_KEY);
      assertThat(codeOf(() -> store.download(bad))).isEqualTo(Code.INVALID_KEY);
      assertThat(codeOf(() -> store.delete(bad))).isEqualTo(Code.INVALID_KEY);
      assertThat(codeOf(() -> store.presign(PresignRequest.get(bad, Duration.ofMinutes(1)))))
          .isEqualTo(Code.INVALID_KEY);
    }
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName(
      "Keys other tools write (a//b, photos/, a control character) are refused for writes and"
          + " reach the driver for reads, deletes and GET links")
  void foreignKeysAreReadNotWritten() {
    Store store =
        store(
            Capabilities.builder()
                .presignMethods(EnumSet.of(HttpMethod.GET, HttpMethod.PUT))
                .build(),
            List.of());
    for (String foreign : List.of("a//b", "photos/", "/a", "..", "a/../b", "a\\b", "c\u0001d")) {
      assertThat(codeOf(() -> store.upload(UploadRequest.of(foreign), new byte[1])))
          .as(foreign)
          .isEqualTo(Code.INVALID_KEY);
      assertThat(codeOf(() -> store.presign(PresignRequest.put(foreign, Duration.ofMinutes(1)))))
          .isEqualTo(Code.INVALID_KEY);
      assertThat(driver.calls).as("writes of %s", foreign).isEmpty();
      store.stat(foreign);
      store.download(foreign).close();
      store.delete(foreign);
      store.presign(PresignRequest.get(foreign, Duration.ofMinutes(1)));
      assertThat(store.deleteAll(List.of(foreign)).failures()).isEmpty();
      assertThat(driver.calls)
          .containsExactly(
              "stat " + foreign,
              "download " + foreign,
              "delete " + foreign,
              "presign " + foreign,
              "delete " + foreign);
      driver.calls.clear();
    }
  }

  @Test
  @DisplayName("A listed key that the strict rule refuses ends a page, and its cursor resumes")
  void foreignKeyEndsAPage() {
    List<String> keys = List.of("a", "a//b", "photos/", "photos/\u0001x", "z");
    Store store = store(Capabilities.builder().build(), keys);
    Page<ObjectInfo> first = store.list(ListRequest.builder("").pageSize(2).build());
    assertThat(first.items()).extracting(ObjectInfo::key).containsExactly("a", "a//b");
    assertThat(store.listAll("").map(ObjectInfo::key).toList()).isEqualTo(keys);
    List<String> oneByOne = new ArrayList<>();
    String cursor = null;
    do {
      Page<ObjectInfo> page =
          store.list(ListRequest.builder("").pageSize(1).cursor(cursor).build());
      page.items().forEach(i -> oneByOne.add(i.key()));
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    assertThat(oneByOne).isEqualTo(keys);
    assertThat(store.list(ListRequest.prefix("a//")).items())
        .extracting(ObjectInfo::key)
        .containsExactly("a//b");
  }

  @Test
  @DisplayName("A presign TTL under 1 second or over the driver's cap is refused")
  void ttlBounds() {
    Store store =
        store(
            Capabilities.builder()
                .presignMethods(EnumSet.of(HttpMethod.GET))
                .maxPresignTtl(Duration.ofHours(12))
                .build(),
            List.of());
    for (Duration ttl : List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofHours(13))) {
      assertThat(codeOf(() -> store.presign(PresignRequest.get("k", ttl))))
          .isEqualTo(Code.INVALID_ARGUMENT);
    }
    store.presign(PresignRequest.get("k", Duration.ofHours(12)));
    assertThat(driver.calls).containsExactly("presign k");
  }

  @Test
  @DisplayName("An operation the driver does not declare fails UNSUPPORTED without reaching it")
  void capabilityChecks() {
    Store store =
        store(Capabilities.builder().createOnly(false).rangedReads(false).build(), List.of());

    assertThat(codeOf(() -> store.presign(PresignRequest.put("k", Duration.ofMinutes(1)))))
        .isEqualTo(Code.UNSUPPORTED);
    assertThat(
            codeOf(
                () ->
                    store.presignPost(PostPolicyRequest.exactKey("k", 10, Duration.ofMinutes(1)))))
        .isEqualTo(Code.UNSUPPORTED);
    assertThat(codeOf(() -> store.download("k", ByteRange.of(0, 1)))).isEqualTo(Code.UNSUPPORTED);
    assertThat(
            codeOf(
                () ->
                    store.upload(UploadRequest.builder("k").createOnly(true).build(), new byte[0])))
        .isEqualTo(Code.UNSUPPORTED);
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName("Driver failures become StorageExceptions with the driver id and no secret")
  void errorsAreNormalisedAndRedacted() {
    Store store = store();
    driver.failWith(() -> new IllegalStateException("boom with " + SECRET));
    assertThatThrownBy(() -> store.stat("k"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNEXPECTED);
              assertThat(e.driverId()).isEqualTo("good");
              assertThat(e.key()).isEqualTo("k");
              assertThat(e.getMessage()).doesNotContain(SECRET).contains("****EKEY");
            });

    driver.failWith(() -> new UncheckedIOException(new IOException("connection reset")));
    assertThatThrownBy(() -> store.stat("k"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
            });

    driver.failWith(
        () ->
            StorageException.of(
                Code.PERMISSION_DENIED,
                "denied for https://b.s3.amazonaws.com/k?X-Amz-Signature=0123456789abcdef&x=1"));
    assertThatThrownBy(() -> store.stat("k"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.getMessage()).contains("X-Amz-Signature=REDACTED&x=1"));
  }

  @Test
  @DisplayName(
      "verify() checks the object features; verify(features) passes exactly the host's set to the"
          + " driver; an empty set or a probe key no object can have is refused first")
  void verifyFeatures() {
    Store store = store();
    store.verify();
    store.verify(EnumSet.of(Feature.READ));
    store.verify(VerifyRequest.builder(EnumSet.of(Feature.READ)).readProbeKey("photos/").build());
    assertThat(driver.calls)
        .containsExactly("verify [READ, LIST, WRITE, DELETE]", "verify [READ]", "verify [READ]");
    driver.calls.clear();
    assertThat(codeOf(() -> store.verify(EnumSet.noneOf(Feature.class))))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.verify(
                        VerifyRequest.builder(Feature.OBJECTS).readProbeKey("a\u0000b").build())))
        .isEqualTo(Code.INVALID_KEY);
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName("Pasted secrets are trimmed, and the config prints them masked")
  void secretsAreTrimmedAndMasked() {
    Store store = store();
    assertThat(store.config().requireSecret("secretKey").reveal()).isEqualTo(SECRET);
    assertThat(store.config().toString()).doesNotContain(SECRET).contains("****EKEY");
    assertThat(store.presign(PresignRequest.get("k", Duration.ofMinutes(1))).toString())
        .doesNotContain("abcdef");
  }

  @Test
  @DisplayName("Batch delete reports invalid keys per key and chunks by the driver's limit")
  void batchDelete() {
    Store store = store(Capabilities.builder().maxBatchDelete(2).build(), List.of());
    DeleteResult result = store.deleteAll(List.of("a", "x\u0000", "b", "c", "d", "e"));

    assertThat(result.outcomes())
        .extracting(DeleteResult.Outcome::key)
        .containsExactly("a", "x\u0000", "b", "c", "d", "e");
    assertThat(result.failures())
        .singleElement()
        .satisfies(o -> assertThat(o.errorCode()).contains(Code.INVALID_KEY));
    assertThat(driver.calls)
        .containsExactly("delete a", "delete b", "delete c", "delete d", "delete e");
  }

  @Test
  @DisplayName("Cursors round-trip, refuse garbage, and lazy streams walk every page")
  void cursors() {
    List<String> keys = new ArrayList<>();
    IntStream.range(0, 25).forEach(i -> keys.add(String.format("p/k%02d", i)));
    Store store = store(Capabilities.builder().build(), keys);

    Page<ObjectInfo> first = store.list(ListRequest.builder("p/").pageSize(10).build());
    assertThat(first.items()).hasSize(10);
    Page<ObjectInfo> second =
        store.list(
            ListRequest.builder("p/")
                .pageSize(10)
                .cursor(first.nextCursor().orElseThrow())
                .build());
    assertThat(second.items().get(0).key()).isEqualTo("p/k10");
    assertThat(store.listAll("p/").map(ObjectInfo::key).toList()).isEqualTo(keys);

    assertThat(codeOf(() -> store.list(ListRequest.prefix("a\u0000")))).isEqualTo(Code.INVALID_KEY);
    assertThat(
            codeOf(
                () ->
                    store.search(
                        SearchRequest.contains("k").toBuilder().prefix("x".repeat(1025)).build())))
        .isEqualTo(Code.INVALID_KEY);
    assertThat(store.list(ListRequest.prefix("p/k0")).items()).hasSize(10);
    assertThat(codeOf(() -> store.list(ListRequest.builder("p/").cursor("%%%").build())))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.list(
                        ListRequest.builder("q/")
                            .cursor(first.nextCursor().orElseThrow())
                            .build())))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.search(
                        SearchRequest.contains("k").toBuilder()
                            .cursor(first.nextCursor().orElseThrow())
                            .build())))
        .isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  @DisplayName("Search filters file names page by page and resumes from its cursor")
  void searchPages() {
    List<String> keys = new ArrayList<>();
    IntStream.range(0, 30)
        .forEach(i -> keys.add(String.format("p/file%02d.%s", i, i % 3 == 0 ? "zip" : "txt")));
    Store store = store(Capabilities.builder().build(), keys);

    Page<ObjectInfo> page =
        store.search(SearchRequest.glob("*.ZIP").toBuilder().pageSize(4).build());
    assertThat(page.items())
        .extracting(ObjectInfo::key)
        .containsExactly("p/file00.zip", "p/file03.zip", "p/file06.zip", "p/file09.zip");
    assertThat(store.searchAll(SearchRequest.glob("*.zip").toBuilder().pageSize(4).build()).count())
        .isEqualTo(10);
    assertThat(
            store
                .searchAll(SearchRequest.contains("FILE1").toBuilder().pageSize(3).build())
                .count())
        .isEqualTo(10);
  }

  @Test
  @DisplayName("Metadata and content types that would break as HTTP headers are refused")
  void uploadChecks() {
    Store store = store();
    assertThat(
            codeOf(
                () ->
                    store.upload(
                        UploadRequest.builder("k").contentType("zip").build(), new byte[0])))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.upload(
                        UploadRequest.builder("k").metadata("Bad Name", "v").build(), new byte[0])))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.upload(
                        UploadRequest.builder("k").metadata("n", "a\r\nb").build(), new byte[0])))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    store.upload(
                        UploadRequest.builder("k").metadata("n", "x".repeat(3000)).build(),
                        new byte[0])))
        .isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName("Bucket admin the driver does not declare fails UNSUPPORTED without reaching it")
  void bucketAdminUndeclared() {
    Store store = store();
    assertThat(store.capabilities().bucketAdmin()).isFalse();
    assertThat(codeOf(store::buckets)).isEqualTo(Code.UNSUPPORTED);
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName("A bucket name is validated before the driver is asked to create it")
  void bucketNamesAreValidatedFirst() {
    Store store = store(Capabilities.builder().bucketAdmin(true).build(), List.of());
    Buckets buckets = store.buckets();

    assertThatThrownBy(() -> buckets.create("Bad_Name", "eu-west-1"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("only a-z");
              assertThat(e.driverId()).isEqualTo("good");
              assertThat(e.bucket()).isEqualTo("Bad_Name");
            });
    assertThat(codeOf(() -> buckets.create(null))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> buckets.create(""))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> buckets.create("ok-name", " "))).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(driver.calls).noneMatch(c -> c.startsWith("createBucket"));

    assertThat(buckets.create("ok-name", "eu-west-1").region()).contains("eu-west-1");
    assertThat(buckets.create("other").region()).isEmpty();
    assertThat(buckets.list()).extracting(BucketInfo::name).containsExactly("one");
    assertThat(driver.calls)
        .containsSubsequence(
            "validateBucketName ok-name",
            "createBucket ok-name eu-west-1",
            "validateBucketName other",
            "createBucket other null",
            "listBuckets");
  }

  @Test
  @DisplayName("Bucket admin failures are normalised, redacted and name the bucket concerned")
  void bucketAdminErrors() {
    Store store = store(Capabilities.builder().bucketAdmin(true).build(), List.of());
    driver.failWith(
        () -> StorageException.of(Code.ALREADY_EXISTS, "taken, says the server to " + SECRET));
    assertThatThrownBy(() -> store.buckets().create("taken"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
              assertThat(e.bucket()).isEqualTo("taken");
              assertThat(e.driverId()).isEqualTo("good");
              assertThat(e.getMessage()).doesNotContain(SECRET).contains("****EKEY");
            });

    driver.failWith(() -> new IllegalStateException("boom with " + SECRET));
    assertThatThrownBy(() -> store.buckets().list())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNEXPECTED);
              assertThat(e.getMessage()).doesNotContain(SECRET);
            });
  }

  @Test
  @DisplayName("Progress is reported as the driver reads the upload")
  void progress() {
    Store store = store();
    List<Long> seen = new ArrayList<>();
    store.upload(
        UploadRequest.builder("k").progress((sent, total) -> seen.add(sent)).build(),
        new byte[100_000]);
    assertThat(seen).isNotEmpty().last().isEqualTo(100_000L);
  }

  @Test
  @DisplayName(
      "Store rule: a public (unsigned) link is asked with the strict key rule, whatever the driver"
          + " checks: a '..' segment never reaches it")
  void publicUrlTakesTheStrictRule() {
    Store store = store();
    driver.calls.clear();
    assertThat(codeOf(() -> store.publicUrl("pub/../private/invoice.pdf")))
        .isEqualTo(Code.INVALID_KEY);
    assertThat(driver.calls).isEmpty();
    assertThat(store.publicUrl("pub/app.zip")).isEmpty();
  }
}
