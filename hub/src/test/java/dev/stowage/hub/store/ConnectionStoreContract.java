package dev.stowage.hub.store;

import static dev.stowage.hub.store.StoreRecords.file;
import static dev.stowage.hub.store.StoreRecords.next;
import static dev.stowage.hub.store.StoreRecords.rich;
import static dev.stowage.hub.store.StoreRecords.richFile;
import static dev.stowage.hub.store.StoreRecords.simple;
import static dev.stowage.hub.store.StoreRecords.stored;
import static dev.stowage.hub.store.StoreRecords.withVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConnectionStore} does. A store's test extends this and says how to open one.
 *
 * <p>Precision: every store keeps {@link Instant}s to the microsecond, truncated towards the past
 * (what SQL timestamps hold), so a hub behaves the same on each; everything else comes back exactly
 * as given.
 */
abstract class ConnectionStoreContract {

  protected ConnectionStore store;
  private final List<ConnectionStore> opened = new ArrayList<>();

  /** A new, empty store for one test. */
  protected abstract ConnectionStore newStore() throws Exception;

  /**
   * Another store on the same data as the last {@link #newStore()} (another hub, another server);
   * also called after that store was closed, for the restart test. Default: the same instance.
   */
  protected ConnectionStore sameDataStore() throws Exception {
    return store;
  }

  /**
   * Called in the restart test after the store was closed: a database shuts down here, so the next
   * {@link #sameDataStore()} reads what really reached the disk.
   */
  protected void restartBacking() throws Exception {}

  /** Whether the data outlives {@link ConnectionStore#close()}. */
  protected boolean persistent() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = track(newStore());
  }

  @AfterEach
  void closeStores() {
    for (ConnectionStore s : opened) {
      s.close();
    }
  }

  private ConnectionStore track(ConnectionStore s) {
    opened.add(s);
    return s;
  }

  private ConnectionStore second() throws Exception {
    return track(sameDataStore());
  }

  private static void assertCode(Code code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }

  // ---- connections ----

  @Test
  @DisplayName("An inserted connection is found by id; all are listed by id in byte order")
  void insertFindList() {
    for (String id : List.of("b", "ab", "a1", "a-b", "a")) {
      store.insert(simple(id));
    }
    assertThat(store.connection("ab")).contains(simple("ab"));
    assertThat(store.connection("missing")).isEmpty();
    // "a-b" < "a1" < "ab" by bytes; a locale's collation would ignore the hyphen.
    assertThat(store.connections())
        .extracting(ConnectionRecord::id)
        .containsExactly("a", "a-b", "a1", "ab", "b");
  }

  @Test
  @DisplayName("Every field of a connection comes back exactly, times to the microsecond")
  void everyFieldRoundTrips() {
    ConnectionRecord record = rich("s3-main");
    store.insert(record);
    ConnectionRecord back = store.connection("s3-main").orElseThrow();
    assertThat(back).usingRecursiveComparison().isEqualTo(stored(record));
    assertThat(back.createdAt()).isEqualTo(Instant.parse("2026-11-29T20:04:03.123456Z"));
    assertThat(back.updatedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    assertThat(back.settings()).isEqualTo(new TreeMap<>(StoreRecords.oddMap("settings")));
    assertThat(back.locations()).extracting(LocationRecord::number).containsExactly(1, 2, 4);
    assertThat(store.connections()).containsExactly(stored(record));
  }

  @Test
  @DisplayName("No intended features and an enabled flag come back as given")
  void emptyFeatures() {
    store.insert(simple("plain"));
    ConnectionRecord back = store.connection("plain").orElseThrow();
    assertThat(back.intendedFeatures()).isEmpty();
    assertThat(back.enabled()).isTrue();
    assertThat(back.sealedSecrets()).isEmpty();
  }

  @Test
  @DisplayName("Inserting a taken id is ALREADY_EXISTS and keeps the stored connection")
  void duplicateInsert() {
    store.insert(simple("dup"));
    assertCode(Code.ALREADY_EXISTS, () -> store.insert(rich("dup")));
    assertThat(store.connection("dup")).contains(simple("dup"));
  }

  @Test
  @DisplayName("A new connection must have version 1")
  void insertWithOtherVersion() {
    assertThatThrownBy(() -> store.insert(withVersion(simple("v2"), 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.connection("v2")).isEmpty();
  }

  @Test
  @DisplayName("An update with version + 1 replaces every field; any other version changes nothing")
  void updateWithVersion() {
    store.insert(simple("c"));
    ConnectionRecord v2 = withVersion(rich("c"), 2);
    store.update(v2);
    assertThat(store.connection("c")).contains(stored(v2));

    for (long stale : List.of(1L, 2L, 4L)) {
      ConnectionRecord wrong = withVersion(simple("c"), stale);
      assertCode(Code.PRECONDITION_FAILED, () -> store.update(wrong));
    }
    assertThat(store.connection("c")).contains(stored(v2));

    ConnectionRecord v3 = next(stored(v2), Map.of("only", "this"));
    store.update(v3);
    assertThat(store.connection("c")).contains(v3);
    assertThat(store.connection("c").orElseThrow().settings()).containsOnlyKeys("only");
  }

  @Test
  @DisplayName("Updating or deleting a connection that is not stored is NOT_FOUND")
  void notFound() {
    assertCode(Code.NOT_FOUND, () -> store.update(withVersion(simple("ghost"), 2)));
    assertCode(Code.NOT_FOUND, () -> store.delete("ghost", 1));
    assertCode(Code.NOT_FOUND, () -> store.uploadTarget("ghost"));
    assertCode(Code.NOT_FOUND, () -> store.putFile(file("ghost", "k")));
    assertThat(store.connections()).isEmpty();
    assertThat(store.file("ghost", 1, "k")).isEmpty();
    assertThat(store.countFiles("ghost")).isZero();
    assertThat(store.files("ghost", 1, Optional.empty(), 10)).isEmpty();
  }

  @Test
  @DisplayName("Delete needs the stored version; it removes the files and a target pointing there")
  void deleteWithVersion() {
    store.insert(simple("gone"));
    store.insert(simple("stays"));
    store.putFile(file("gone", "a"));
    store.putFile(file("gone", "b"));
    store.putFile(file("stays", "a"));
    store.uploadTarget("gone");

    assertCode(Code.PRECONDITION_FAILED, () -> store.delete("gone", 2));
    assertThat(store.connection("gone")).isPresent();
    assertThat(store.countFiles("gone")).isEqualTo(2);
    assertThat(store.uploadTarget()).contains("gone");

    store.delete("gone", 1);
    assertThat(store.connection("gone")).isEmpty();
    assertThat(store.countFiles("gone")).isZero();
    assertThat(store.file("gone", 1, "a")).isEmpty();
    assertThat(store.uploadTarget()).isEmpty();
    assertThat(store.countFiles("stays")).isEqualTo(1);

    // A new connection under the old id starts without the old files.
    store.insert(simple("gone"));
    assertThat(store.countFiles("gone")).isZero();
  }

  @Test
  @DisplayName("Deleting another connection keeps the upload target")
  void deleteOtherKeepsTarget() {
    store.insert(simple("target"));
    store.insert(simple("other"));
    store.uploadTarget("target");
    store.delete("other", 1);
    assertThat(store.uploadTarget()).contains("target");
  }

  // ---- upload target ----

  @Test
  @DisplayName("The upload target starts unset, switches in one call, refuses unknown ids")
  void uploadTarget() {
    assertThat(store.uploadTarget()).isEmpty();
    store.insert(simple("one"));
    store.insert(simple("two"));
    store.uploadTarget("one");
    assertThat(store.uploadTarget()).contains("one");
    store.uploadTarget("two");
    assertThat(store.uploadTarget()).contains("two");
    assertCode(Code.NOT_FOUND, () -> store.uploadTarget("three"));
    assertThat(store.uploadTarget()).contains("two");
  }

  // ---- file index ----

  @Test
  @DisplayName("A file record is put, replaced, read, counted and deleted")
  void fileRecords() {
    store.insert(simple("c"));
    store.insert(simple("d"));
    store.putFile(file("c", "x"));
    store.putFile(file("d", "x"));
    assertThat(store.file("c", 1, "x")).contains(file("c", "x"));
    assertThat(store.countFiles("c")).isEqualTo(1);

    FileRecord replaced = atLocation(richFile("c", "x"), 1);
    store.putFile(replaced);
    assertThat(store.file("c", 1, "x")).contains(stored(replaced));
    assertThat(store.countFiles("c")).isEqualTo(1);
    assertThat(store.file("d", 1, "x")).contains(file("d", "x"));

    store.deleteFile("c", 1, "x");
    store.deleteFile("c", 1, "x");
    store.deleteFile("c", 1, "never-there");
    assertThat(store.file("c", 1, "x")).isEmpty();
    assertThat(store.countFiles("c")).isZero();
    assertThat(store.countFiles("d")).isEqualTo(1);
  }

  @Test
  @DisplayName("One key at two locations is two records: putting or deleting one leaves the other")
  void fileRecordsPerLocation() {
    store.insert(simple("c"));
    FileRecord redirect = atLocation(richFile("c", "x"), 1); // moved away: movedTo is set
    store.putFile(redirect);
    FileRecord upload = atLocation(file("c", "x"), 2);
    store.putFile(upload);

    assertThat(store.file("c", 1, "x")).contains(stored(redirect));
    assertThat(store.file("c", 2, "x")).contains(upload);
    assertThat(store.file("c", 3, "x")).isEmpty();
    assertThat(store.countFiles("c")).isEqualTo(2);
    assertThat(store.files("c", 1, Optional.empty(), 10)).containsExactly(stored(redirect));
    assertThat(store.files("c", 2, Optional.empty(), 10)).containsExactly(upload);

    store.deleteFile("c", 2, "x");
    assertThat(store.file("c", 1, "x")).contains(stored(redirect));
    assertThat(store.countFiles("c")).isEqualTo(1);
  }

  @Test
  @DisplayName("Live files are the records without movedTo; redirects count only among all records")
  void liveFilesExcludeRedirects() {
    store.insert(simple("c"));
    assertThat(store.countLiveFiles("c")).isZero();
    store.putFile(atLocation(richFile("c", "moved"), 1));
    assertThat(store.countFiles("c")).isEqualTo(1);
    assertThat(store.countLiveFiles("c")).isZero();
    store.putFile(file("c", "lives"));
    store.putFile(atLocation(file("c", "lives"), 3));
    assertThat(store.countFiles("c")).isEqualTo(3);
    assertThat(store.countLiveFiles("c")).isEqualTo(2);
    assertThat(store.countLiveFiles("ghost")).isZero();
  }

  private static FileRecord atLocation(FileRecord f, int location) {
    return new FileRecord(
        f.connectionId(),
        f.key(),
        location,
        f.size(),
        f.contentType(),
        f.etag(),
        f.recordedAt(),
        f.movedTo());
  }

  @Test
  @DisplayName("Every field of a file record comes back exactly, optional values empty or present")
  void fileFieldsRoundTrip() {
    store.insert(simple("c"));
    FileRecord full = richFile("c", "dir/ünï cødé %20 😀.txt");
    FileRecord bare = file("c", "bare");
    store.putFile(full);
    store.putFile(bare);
    FileRecord back = store.file("c", 4, full.key()).orElseThrow();
    assertThat(back).isEqualTo(stored(full));
    assertThat(back.recordedAt()).isEqualTo(Instant.parse("2026-11-29T20:04:03.123456Z"));
    assertThat(back.etag()).contains("\"9b2cf535f27731c974343645a3985328-12\"");
    assertThat(back.movedTo()).isPresent();
    assertThat(store.file("c", 1, "bare")).contains(bare);
  }

  /** Keys whose UTF-8 order differs from Java's UTF-16 order, and keys with odd characters. */
  static final List<String> ODD_KEYS =
      List.of(
          "\uFF61", // halfwidth full stop: EF BD A1, after every 3-byte char, before any 4-byte one
          "\uD83D\uDE00", // grinning face: F0 9F 98 80, yet a surrogate sorts first in UTF-16
          "\uE000",
          "a",
          "a b",
          "a%20b",
          "a\nb",
          "a\tb",
          "a/b",
          "a/b/c",
          "ab",
          "A",
          "é",
          "z",
          "~",
          "日本",
          "😀/x",
          "%",
          " leading",
          "trailing ",
          "'quote\"");

  @Test
  @DisplayName("File records page in UTF-8 byte order of their keys, not UTF-16 order")
  void pagingInUtf8Order() {
    store.insert(simple("c"));
    for (String key : ODD_KEYS) {
      store.putFile(file("c", key));
    }
    List<String> expected = new ArrayList<>(ODD_KEYS);
    expected.sort(ConnectionTables.UTF8_ORDER);
    assertThat(expected.indexOf("\uFF61")).isLessThan(expected.indexOf("\uD83D\uDE00"));
    assertThat("\uFF61".compareTo("\uD83D\uDE00")).as("UTF-16 order is the other way").isPositive();

    List<String> walked = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<FileRecord> page = store.files("c", 1, after, 4);
      assertThat(page.size()).isLessThanOrEqualTo(4);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(f -> walked.add(f.key()));
      after = Optional.of(page.get(page.size() - 1).key());
    }
    assertThat(walked).containsExactlyElementsOf(expected);
    assertThat(store.files("c", 1, Optional.empty(), 1000))
        .extracting(FileRecord::key)
        .containsExactlyElementsOf(expected);
    assertThat(store.countFiles("c")).isEqualTo(ODD_KEYS.size());
    for (String key : ODD_KEYS) {
      assertThat(store.file("c", 1, key)).as(key).contains(file("c", key));
    }
  }

  @Test
  @DisplayName("A page may start after a key that is not stored, and ends empty")
  void pagingFromAbsentKey() {
    store.insert(simple("c"));
    store.putFile(file("c", "b"));
    store.putFile(file("c", "d"));
    store.putFile(file("c", "\uFF61"));
    assertThat(store.files("c", 1, Optional.of("c"), 10))
        .extracting(FileRecord::key)
        .containsExactly("d", "\uFF61");
    assertThat(store.files("c", 1, Optional.of("\uD83D\uDE00"), 10)).isEmpty();
    assertThat(store.files("c", 1, Optional.of(""), 1))
        .extracting(FileRecord::key)
        .containsExactly("b");
  }

  // ---- several stores on the same data ----

  @Test
  @DisplayName("A second store on the same data sees the first's edits and target switch")
  void secondStoreSeesEdits() throws Exception {
    ConnectionStore other = second();
    store.insert(simple("one"));
    store.insert(simple("two"));
    assertThat(other.connections()).extracting(ConnectionRecord::id).containsExactly("one", "two");

    other.uploadTarget("two");
    assertThat(store.uploadTarget()).contains("two");

    ConnectionRecord v2 = next(store.connection("one").orElseThrow(), Map.of("edited", "yes"));
    store.update(v2);
    assertThat(other.connection("one")).contains(v2);
    store.putFile(file("one", "k"));
    assertThat(other.file("one", 1, "k")).isPresent();

    // The other store's stale version loses, whatever it cached.
    assertCode(Code.PRECONDITION_FAILED, () -> other.update(next(simple("one"), Map.of())));
    other.delete("two", 1);
    assertThat(store.uploadTarget()).isEmpty();
    assertThat(store.connection("two")).isEmpty();
  }

  @Test
  @DisplayName("Two writers doing read-modify-write never lose an update")
  void noLostUpdate() throws Exception {
    ConnectionStore other = second();
    store.insert(simple("hot"));
    int perWriter = 20;
    AtomicInteger conflicts = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      List<ConnectionStore> writers = List.of(store, other);
      for (int w = 0; w < writers.size(); w++) {
        ConnectionStore writer = writers.get(w);
        String name = w == 0 ? "first" : "second";
        done.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  for (int i = 0; i < perWriter; i++) {
                    while (true) {
                      ConnectionRecord now = writer.connection("hot").orElseThrow();
                      Map<String, String> settings = new TreeMap<>(now.settings());
                      settings.put(name + "-" + i, String.valueOf(now.version()));
                      try {
                        writer.update(next(now, settings));
                        break;
                      } catch (StorageException e) {
                        if (e.code() != Code.PRECONDITION_FAILED) {
                          throw e;
                        }
                        conflicts.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (Future<?> f : done) {
              f.get();
            }
          });
    } finally {
      pool.shutdownNow();
    }
    ConnectionRecord last = store.connection("hot").orElseThrow();
    assertThat(last.version()).isEqualTo(1 + 2L * perWriter);
    for (int i = 0; i < perWriter; i++) {
      assertThat(last.settings()).containsKeys("first-" + i, "second-" + i);
    }
    // Each update saw the version it replaced: no two share one.
    assertThat(last.settings().values().stream().filter(v -> !v.startsWith("/")).distinct())
        .hasSize(2 * perWriter);
  }

  // ---- restart ----

  @Test
  @DisplayName("Closed and opened again, the store has every connection, file and the target")
  void restart() throws Exception {
    Assumptions.assumeTrue(persistent(), "this store keeps nothing after close");
    store.insert(rich("s3-main"));
    store.insert(simple("local"));
    ConnectionRecord edited = next(stored(rich("s3-main")), Map.of("bucket", "new"));
    store.update(edited);
    store.uploadTarget("local");
    for (String key : ODD_KEYS) {
      store.putFile(richFile("s3-main", key));
    }
    store.putFile(file("local", "a"));
    List<ConnectionRecord> before = store.connections();
    store.close();
    restartBacking();

    ConnectionStore reopened = second();
    assertThat(reopened.connections()).isEqualTo(before);
    assertThat(reopened.connection("s3-main")).contains(edited);
    assertThat(reopened.uploadTarget()).contains("local");
    assertThat(reopened.countFiles("s3-main")).isEqualTo(ODD_KEYS.size());
    List<String> keys = new ArrayList<>(ODD_KEYS);
    keys.sort(ConnectionTables.UTF8_ORDER);
    assertThat(reopened.files("s3-main", 4, Optional.empty(), 1000))
        .extracting(FileRecord::key)
        .containsExactlyElementsOf(keys);
    assertThat(reopened.file("s3-main", 4, "a b")).contains(stored(richFile("s3-main", "a b")));
    assertThat(reopened.file("local", 1, "a")).contains(file("local", "a"));
  }
}
