package dev.stowage.hub.store;

import static dev.stowage.hub.store.StoreRecords.simple;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL 17 (embedded, started once for the class); each test has its
 * own table prefix. The cluster's default collation is a language's (ICU en-US) where the binaries
 * allow it, so ordering by bytes is the store's doing, not the database's default.
 */
class PostgresConnectionStoreTest extends ConnectionStoreContract {

  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static TestPostgres postgres;
  private static DataSource dataSource;
  private static boolean languageCollation;
  private String prefix;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = TestPostgres.start();
    dataSource = postgres.dataSource();
    languageCollation = postgres.languageCollation();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected ConnectionStore newStore() {
    prefix = "t" + PREFIXES.incrementAndGet() + "_";
    return sameDataStore();
  }

  @Override
  protected ConnectionStore sameDataStore() {
    return JdbcConnectionStore.builder(dataSource).tablePrefix(prefix).build();
  }

  @Test
  @DisplayName("The database is UTF8 and says which collation it sorts text by")
  void databaseSetup() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_encoding")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("UTF8");
    }
    List<String> byDefault = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT x FROM (VALUES ('a'), ('B'), ('é'), ('z')) v(x) ORDER BY x")) {
      while (rs.next()) {
        byDefault.add(rs.getString(1));
      }
    }
    // The contract's keys include these: its listing test passing here shows the byte order is the
    // store's (key_order), not the database's.
    assertThat(byDefault)
        .containsExactlyElementsOf(
            languageCollation ? List.of("a", "B", "é", "z") : List.of("B", "a", "z", "é"));
  }

  @Test
  @DisplayName("Servers starting at once on an empty database all get the tables, created once")
  void concurrentSchemaCreation() throws Exception {
    String shared = "race" + PREFIXES.incrementAndGet() + "_";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<List<ConnectionRecord>>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(
            pool.submit(
                () -> {
                  JdbcConnectionStore s =
                      JdbcConnectionStore.builder(dataSource).tablePrefix(shared).build();
                  start.await(10, TimeUnit.SECONDS);
                  return s.connections();
                }));
      }
      for (Future<List<ConnectionRecord>> f : all) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    JdbcConnectionStore.builder(dataSource).tablePrefix(shared).build().insert(simple("c"));
  }
}
