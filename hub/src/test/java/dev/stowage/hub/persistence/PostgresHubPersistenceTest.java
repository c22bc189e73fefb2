package dev.stowage.hub.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.Feature;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.Connection;
import dev.stowage.hub.ConnectionEdit;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import dev.stowage.hub.seal.Reseal;
import dev.stowage.hub.seal.ResealReport;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.JdbcConnectionStore;
import dev.stowage.hub.store.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link HubPersistenceContract} on a real PostgreSQL 17 (one per class, a table prefix per test),
 * and two hubs — two {@link StorageHub}s on two {@link JdbcConnectionStore}s — sharing it. The raw
 * scan reads every column of every row of the test's tables as the driver returns it, and each row
 * cast to text as {@code pg_dump} would print it.
 */
class PostgresHubPersistenceTest extends HubPersistenceContract {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static TestPostgres postgres;
  private static DataSource dataSource;
  private String prefix;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = TestPostgres.start();
    dataSource = postgres.dataSource();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void tablePrefix() {
    prefix = "hub" + PREFIXES.incrementAndGet() + "_";
  }

  @Override
  protected ConnectionStore newStoreInstance() {
    return JdbcConnectionStore.builder(dataSource).tablePrefix(prefix).build();
  }

  private List<String> tables() throws Exception {
    List<String> out = new ArrayList<>();
    try (java.sql.Connection c = dataSource.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' ORDER BY table_name")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith(prefix)) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  protected Map<String, byte[]> storedBytes() throws Exception {
    List<String> tables = tables();
    assertThat(tables).contains(prefix + "connections", prefix + "connection_secrets");
    Map<String, byte[]> out = new TreeMap<>();
    try (java.sql.Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String table : tables) {
        int row = 0;
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            row++;
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String where = table + "." + meta.getColumnName(i) + " row " + row;
              byte[] value =
                  meta.getColumnTypeName(i).equals("bytea")
                      ? rs.getBytes(i)
                      : utf8(rs.getString(i));
              out.put(where, value == null ? new byte[0] : value);
            }
          }
        }
        row = 0;
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            out.put(table + " row " + ++row + " as text", utf8(rs.getString(1)));
          }
        }
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void overwriteEnvelope(String connectionId, String setting, String envelope)
      throws Exception {
    try (java.sql.Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + prefix
                    + "connection_secrets SET envelope = ?"
                    + " WHERE connection_id = ? AND setting_name = ?")) {
      s.setString(1, envelope);
      s.setString(2, connectionId);
      s.setString(3, setting);
      assertThat(s.executeUpdate()).as(connectionId + "/" + setting).isEqualTo(1);
    }
  }

  // ---- 5. two hubs on one database -------------------------------------------------------------

  @Test
  @DisplayName(
      "Two hubs on one PostgreSQL: B follows A's target switch, new bucket and new keys at once;"
          + " concurrent edits never lose one; a reseal by A leaves B working")
  void twoHubsOneDatabase() throws Exception {
    // An hour: what B sees below comes from the store at each call, not from a refresh.
    Duration noRefresh = Duration.ofHours(1);
    StorageHub a = hub(store(), sealer("k1"), noRefresh);
    world.populate(a);
    StorageHub b = hub(store(), sealer("k1"), noRefresh);
    world.everyReferenceWorks(b); // B's drivers are open and its settings resolved: a warm hub
    assertThat(world.upload(b, "b/first.txt").ref()).hasToString("stowage://s3-main~2/b/first.txt");

    // A switches the target: B's next upload follows.
    a.switchUploadTarget("r2-eu");
    assertThat(b.uploadTarget()).contains("r2-eu");
    assertThat(world.upload(b, "b/second.txt").ref()).hasToString("stowage://r2-eu/b/second.txt");

    // A points s3-main at a third bucket and makes it the target: B writes there, reads the rest.
    String third = S3.newBucket();
    Connection edited = a.edit("s3-main", ConnectionEdit.builder().set("bucket", third).build());
    assertThat(edited.currentLocation()).isEqualTo(3);
    a.switchUploadTarget("s3-main");
    Connection seenByB = b.connection("s3-main").orElseThrow();
    assertThat(seenByB.currentLocation()).isEqualTo(3);
    assertThat(seenByB.version()).isEqualTo(edited.version());
    assertThat(b.settings("s3-main").config().value("bucket")).contains(third);
    StoredFile inThird = world.upload(b, "b/third.txt");
    assertThat(inThird.ref()).hasToString("stowage://s3-main~3/b/third.txt");
    world.everyReferenceWorks(b);
    world.everyReferenceWorks(a);

    // A rotates s3-main's keys to the download-only pair: B uses them at once (writes denied,
    // reads fine); rotated back, B writes again.
    a.edit(
        "s3-main",
        ConnectionEdit.builder()
            .secret("accessKeyId", world.server.downloadOnlyAccessKey())
            .secret("secretAccessKey", world.server.downloadOnlySecretKey())
            .build());
    assertThat(
            failsWith(
                    Code.PERMISSION_DENIED,
                    () -> b.upload(UploadRequest.of("b/denied.txt"), new byte[] {1}))
                .code())
        .isEqualTo(Code.PERMISSION_DENIED);
    world.everyReferenceWorks(b);
    a.edit(
        "s3-main",
        ConnectionEdit.builder()
            .secret("accessKeyId", world.server.accessKey())
            .secret("secretAccessKey", world.server.secretKey())
            .build());
    assertThat(world.upload(b, "b/fourth.txt").ref().location()).isEqualTo(3);
    world.everyReferenceWorks(b);

    // The same version edited from both at once: one wins, the other is told and retries.
    long version = b.connection("r2-eu").orElseThrow().version();
    List<Object> outcomes =
        race(
            () ->
                a.edit(
                    "r2-eu",
                    ConnectionEdit.builder().label("from A").expectedVersion(version).build()),
            () ->
                b.edit(
                    "r2-eu",
                    ConnectionEdit.builder()
                        .intendedFeatures(Set.of(Feature.READ, Feature.LIST))
                        .expectedVersion(version)
                        .build()));
    assertThat(outcomes).filteredOn(o -> o instanceof Connection).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> o instanceof StorageException)
        .singleElement()
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(Code.PRECONDITION_FAILED));
    boolean aWon = outcomes.get(0) instanceof Connection;
    StorageHub loser = aWon ? b : a;
    long fresh = loser.connection("r2-eu").orElseThrow().version();
    assertThat(fresh).isEqualTo(version + 1);
    ConnectionEdit retry =
        aWon
            ? ConnectionEdit.builder().intendedFeatures(Set.of(Feature.READ, Feature.LIST)).build()
            : ConnectionEdit.builder().label("from A").build();
    loser.edit("r2-eu", retry.toBuilder().expectedVersion(fresh).build());
    bothEdits(a, "from A", Set.of(Feature.READ, Feature.LIST), version + 2);

    // Without an expected version, rounds of racing edits: each conflict is PRECONDITION_FAILED,
    // the hub that got it edits again, and no round loses either change.
    for (int round = 0; round < 4; round++) {
      String label = "A round " + round;
      Set<Feature> features =
          round % 2 == 0 ? Set.of(Feature.READ) : Set.of(Feature.READ, Feature.WRITE);
      race(
          () -> untilApplied(a, ConnectionEdit.builder().label(label).build()),
          () -> untilApplied(b, ConnectionEdit.builder().intendedFeatures(features).build()));
      long before = version + 2 + 2L * round;
      bothEdits(b, label, features, before + 2);
    }
    world.everyReferenceWorks(a);
    world.everyReferenceWorks(b);

    // The master key rotates under running hubs: both restart on the ring (k2, k1), A reseals
    // through its store, and B, not restarted, opens the resealed secrets and keeps working.
    shutdown();
    ConnectionStore storeOfA = store();
    StorageHub a2 = hub(storeOfA, sealer("k2", "k1"), noRefresh);
    StorageHub b2 = hub(store(), sealer("k2", "k1"), noRefresh);
    world.everyReferenceWorks(b2);
    ResealReport report = Reseal.create(storeOfA, sealer("k2", "k1")).run();
    assertThat(report.complete()).as(report.toString()).isTrue();
    assertThat(storeOfA.connections())
        .allSatisfy(
            c ->
                assertThat(c.sealedSecrets().values())
                    .allMatch(e -> e.startsWith("stowage:v1:k2:")));
    world.everyReferenceWorks(b2);
    assertThat(world.upload(b2, "b/after-reseal.txt").ref().location()).isEqualTo(3);
    assertThat(HubWorld.revealed(a2.connections())).isEqualTo(world.secrets());
    // k1 can now leave the ring.
    world.everyReferenceWorks(hub(store(), sealer("k2")));
  }

  private static void bothEdits(StorageHub hub, String label, Set<Feature> features, long version) {
    Connection r2 = hub.connection("r2-eu").orElseThrow();
    assertThat(r2.label()).isEqualTo(label);
    assertThat(r2.intendedFeatures()).isEqualTo(features);
    assertThat(r2.version()).isEqualTo(version);
  }

  /** Edits until the store takes it; a conflict is the only failure allowed. */
  private static Connection untilApplied(StorageHub hub, ConnectionEdit edit) {
    while (true) {
      try {
        return hub.edit("r2-eu", edit);
      } catch (StorageException e) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(Code.PRECONDITION_FAILED);
      }
    }
  }

  /** Runs both at once; each outcome is its result or its StorageException. */
  private static List<Object> race(Callable<Object> first, Callable<Object> second) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          ExecutorService pool = Executors.newFixedThreadPool(2);
          try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> call : List.of(first, second)) {
              futures.add(
                  pool.submit(
                      () -> {
                        start.await(30, TimeUnit.SECONDS);
                        try {
                          return call.call();
                        } catch (StorageException e) {
                          return e;
                        }
                      }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
              out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
          } finally {
            pool.shutdownNow();
          }
        });
  }
}
