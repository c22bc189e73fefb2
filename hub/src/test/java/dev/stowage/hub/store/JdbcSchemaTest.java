package dev.stowage.hub.store;

import static dev.stowage.hub.store.StoreRecords.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The shipped schema files are what the store runs; errors are typed and quote no value. */
class JdbcSchemaTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static JdbcDataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:schema-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  /** The file's statements as a migration tool would run them, parsed here independently. */
  private static List<String> shippedStatements(JdbcDialect dialect) throws Exception {
    String text;
    try (var in = ClassLoader.getSystemResourceAsStream(dialect.schemaResource())) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("--") || line.isBlank()) {
        continue;
      }
      current.append(line).append('\n');
      if (line.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    assertThat(current.toString()).isBlank();
    return out;
  }

  @Test
  @DisplayName("The DDL the store runs is the shipped file's text, statement by statement")
  void storeRunsTheShippedFile() throws Exception {
    for (JdbcDialect dialect : JdbcDialect.values()) {
      Recording recording = new Recording(h2());
      List<String> ran =
          JdbcConnectionStore.builder(recording).dialect(dialect).build().schemaStatements();
      assertThat(ran).as(dialect.name()).isEqualTo(shippedStatements(dialect));
    }
    Recording recording = new Recording(h2());
    JdbcConnectionStore.create(recording).connections();
    assertThat(recording.executed).isEqualTo(shippedStatements(JdbcDialect.H2));
    assertThat(recording.prepared).noneMatch(sql -> sql.matches("(?is).*\\bCREATE\\b.*"));
  }

  @Test
  @DisplayName("A table prefix renames every table and index name of the shipped file")
  void prefix() throws Exception {
    JdbcDataSource ds = h2();
    JdbcConnectionStore store = JdbcConnectionStore.builder(ds).tablePrefix("acme_").build();
    store.insert(simple("c"));
    assertThat(store.schemaStatements()).noneMatch(s -> s.contains("stowage_"));
    assertThat(tables(ds))
        .containsExactly(
            "ACME_CONNECTIONS",
            "ACME_CONNECTION_SECRETS",
            "ACME_CONNECTION_SETTINGS",
            "ACME_FILES",
            "ACME_HUB_STATE",
            "ACME_LOCATIONS",
            "ACME_LOCATION_SETTINGS");
    for (String bad : List.of("", "1abc", "Acme_", "a;drop", "a-b", "x".repeat(31))) {
      assertThatThrownBy(() -> JdbcConnectionStore.builder(ds).tablePrefix(bad).build())
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID));
    }
  }

  @Test
  @DisplayName("createSchema(false) runs no DDL; missing tables are CONFIG_INVALID naming the file")
  void hostOwnsSchema() throws Exception {
    Recording recording = new Recording(h2());
    JdbcConnectionStore store = JdbcConnectionStore.builder(recording).createSchema(false).build();
    assertThatThrownBy(store::connections)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
              assertThat(e.getMessage()).contains("dev/stowage/hub/store/schema-h2.sql");
            });
    assertThat(recording.executed).isEmpty();
    assertThat(recording.prepared).noneMatch(sql -> sql.matches("(?is).*\\bCREATE\\b.*"));

    // What Flyway or Liquibase would do with the shipped file.
    try (Connection c = recording.getConnection();
        Statement s = c.createStatement()) {
      for (String ddl : shippedStatements(JdbcDialect.H2)) {
        s.execute(ddl);
      }
    }
    store.insert(simple("c"));
    store.uploadTarget("c");
    assertThat(JdbcConnectionStore.create(recording).uploadTarget()).contains("c");
  }

  @Test
  @DisplayName("An unreachable database is UNAVAILABLE and retryable")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("nothing");
    ds.setConnectTimeout(5);
    JdbcConnectionStore store =
        JdbcConnectionStore.builder(ds).dialect(JdbcDialect.POSTGRESQL).build();
    assertThatThrownBy(store::connections)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).doesNotContain(String.valueOf(port));
            });
  }

  @Test
  @DisplayName("A value the database refuses is INVALID_ARGUMENT; the message quotes no value")
  void noValuesInMessages() {
    JdbcConnectionStore store = JdbcConnectionStore.create(h2());
    String longId = "x".repeat(65);
    ConnectionRecord record =
        new ConnectionRecord(
            longId,
            "s3",
            "label",
            Map.of(),
            Map.of("secretAccessKey", "v1:k1:SEALED-ENVELOPE-BYTES"),
            true,
            java.util.Set.of(),
            List.of(new LocationRecord(1, Map.of())),
            StoreRecords.PLAIN,
            StoreRecords.PLAIN,
            1);
    assertThatThrownBy(() -> store.insert(record))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).doesNotContain("SEALED-ENVELOPE").doesNotContain(longId);
              assertThat(e.getCause()).isNull();
            });
    assertThat(store.connections()).isEmpty();
  }

  private static List<String> tables(DataSource ds) throws SQLException {
    TreeSet<String> names = new TreeSet<>();
    try (Connection c = ds.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return new ArrayList<>(names);
  }

  /** A data source that records the SQL its connections are given. */
  private static final class Recording implements DataSource {
    final List<String> executed = new ArrayList<>();
    final List<String> prepared = new ArrayList<>();
    private final DataSource target;

    Recording(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = target.getConnection();
      return proxy(
          Connection.class,
          (p, m, args) -> {
            if (m.getName().equals("prepareStatement")) {
              prepared.add((String) args[0]);
            }
            Object result = call(real, m, args);
            if (m.getName().equals("createStatement")) {
              Statement statement = (Statement) result;
              return proxy(
                  Statement.class,
                  (p2, m2, args2) -> {
                    if (m2.getName().startsWith("execute") && args2 != null) {
                      executed.add((String) args2[0]);
                    }
                    return call(statement, m2, args2);
                  });
            }
            return result;
          });
    }

    private static Object call(Object target, java.lang.reflect.Method m, Object[] args)
        throws Throwable {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler h) {
      return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    @Override
    public Connection getConnection(String user, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
