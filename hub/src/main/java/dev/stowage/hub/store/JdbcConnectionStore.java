package dev.stowage.hub.store;

import dev.stowage.Feature;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A {@link ConnectionStore} in a relational database through plain {@code java.sql}: PostgreSQL or
 * H2 ({@link JdbcDialect}), tables named with a prefix ({@code stowage_} by default). The schema is
 * created on first use from the shipped file ({@link JdbcDialect#schemaResource()}), or, with
 * {@code createSchema(false)}, left to the host's migrations (Flyway, Liquibase) fed that file.
 *
 * <p>Several application servers may share the database. Every change is one transaction; an update
 * or delete is {@code ... WHERE id = ? AND version = ?} and counts the rows it changed, so of two
 * hubs editing one connection at once the second gets {@code PRECONDITION_FAILED}, never a lost
 * update. A read checks that the connection rows did not change while it read their settings and
 * locations, so a connection is never seen half edited. Each call takes a connection from the
 * {@link DataSource} and gives it back: hand it a pool.
 */
public final class JdbcConnectionStore implements ConnectionStore {

  private static final int TRANSACTION_ATTEMPTS = 3;
  private static final int READ_ATTEMPTS = 10;

  private final DataSource dataSource;
  private final JdbcSchema schema;
  private final boolean createSchema;
  private volatile JdbcDialect dialect;
  private volatile boolean schemaReady;

  private JdbcConnectionStore(Builder b) {
    this.dataSource = b.dataSource;
    this.schema = new JdbcSchema(b.tablePrefix);
    this.createSchema = b.createSchema;
    this.dialect = b.dialect;
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** A store with the defaults: prefix {@code stowage_}, schema created on first use. */
  public static JdbcConnectionStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** Builds a {@link JdbcConnectionStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = JdbcSchema.DEFAULT_PREFIX;
    private boolean createSchema = true;
    private JdbcDialect dialect;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Prefix of every table name: a lower-case letter, then letters, digits, '_'. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Objects.requireNonNull(tablePrefix, "tablePrefix");
      return this;
    }

    /**
     * Whether the store creates its tables ({@code CREATE TABLE IF NOT EXISTS}) on first use;
     * {@code false} when the host's migrations own the schema. Default true.
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /** The database's dialect; by default taken from the driver's product name. */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    public JdbcConnectionStore build() {
      try {
        return new JdbcConnectionStore(this);
      } catch (IllegalArgumentException e) {
        throw StorageException.of(Code.CONFIG_INVALID, "JDBC connection store: " + e.getMessage());
      }
    }
  }

  // ---- connections ----

  @Override
  public List<ConnectionRecord> connections() {
    return read("list connections", c -> readConnections(c, Optional.empty()));
  }

  @Override
  public Optional<ConnectionRecord> connection(String id) {
    Objects.requireNonNull(id, "id");
    return read("read a connection", c -> readConnections(c, Optional.of(id))).stream().findFirst();
  }

  @Override
  public void insert(ConnectionRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.version() != 1) {
      throw new IllegalArgumentException(record.id() + ": a new connection has version 1");
    }
    ConnectionRecord r = ConnectionTables.atStoredPrecision(record);
    write(
        "insert a connection",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + schema.connections
                      + " (provider, label, enabled, intended_features, created_at, updated_at,"
                      + " version, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindConnection(s, r);
            s.executeUpdate();
          } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
              throw ConnectionTables.alreadyExists(r.id());
            }
            throw e;
          }
          insertChildren(c, r);
          return null;
        });
  }

  @Override
  public void update(ConnectionRecord record) {
    Objects.requireNonNull(record, "record");
    ConnectionRecord r = ConnectionTables.atStoredPrecision(record);
    write(
        "update a connection",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + schema.connections
                      + " SET provider = ?, label = ?, enabled = ?, intended_features = ?,"
                      + " created_at = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?")) {
            bindConnection(s, r);
            s.setLong(9, r.version() - 1);
            if (s.executeUpdate() != 1) {
              throw missingOrConflict(c, r.id());
            }
          }
          for (String table :
              List.of(schema.settings, schema.secrets, schema.locationSettings, schema.locations)) {
            try (PreparedStatement s =
                c.prepareStatement("DELETE FROM " + table + " WHERE connection_id = ?")) {
              s.setString(1, r.id());
              s.executeUpdate();
            }
          }
          insertChildren(c, r);
          return null;
        });
  }

  @Override
  public void delete(String id, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    write(
        "delete a connection",
        c -> {
          // Settings, secrets, locations, files and the upload target go by ON DELETE CASCADE.
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM " + schema.connections + " WHERE id = ? AND version = ?")) {
            s.setString(1, id);
            s.setLong(2, expectedVersion);
            if (s.executeUpdate() != 1) {
              throw missingOrConflict(c, id);
            }
          }
          return null;
        });
  }

  // ---- upload target ----

  @Override
  public Optional<String> uploadTarget() {
    return read(
        "read the upload target",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT upload_target FROM " + schema.hubState + " WHERE id = 1");
              ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          }
        });
  }

  @Override
  public void uploadTarget(String id) {
    Objects.requireNonNull(id, "id");
    write(
        "choose the upload target",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE " + schema.hubState + " SET upload_target = ? WHERE id = 1")) {
            s.setString(1, id);
            if (s.executeUpdate() == 1) {
              return null;
            }
          } catch (SQLException e) {
            if (SqlErrors.isMissingParent(e)) {
              throw ConnectionTables.notFound(id);
            }
            throw e;
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO " + schema.hubState + " (id, upload_target) VALUES (1, ?)")) {
            s.setString(1, id);
            s.executeUpdate();
          } catch (SQLException e) {
            if (SqlErrors.isMissingParent(e)) {
              throw ConnectionTables.notFound(id);
            }
            throw e;
          }
          return null;
        });
  }

  // ---- file index ----

  private static final String FILE_COLUMNS =
      "connection_id, object_key, location_number, size_bytes, content_type, etag, recorded_at,"
          + " moved_to";

  @Override
  public void putFile(FileRecord file) {
    Objects.requireNonNull(file, "file");
    FileRecord f = ConnectionTables.atStoredPrecision(file);
    write(
        "record a file",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + schema.files
                      + " SET object_key = ?, location_number = ?, size_bytes = ?,"
                      + " content_type = ?, etag = ?, recorded_at = ?, moved_to = ?"
                      + " WHERE connection_id = ? AND location_number = ? AND key_order = ?")) {
            s.setString(1, f.key());
            bindFileValues(s, 2, f);
            s.setString(8, f.connectionId());
            s.setInt(9, f.location());
            s.setBytes(10, keyOrder(f.key()));
            if (s.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + schema.files
                      + " (connection_id, object_key, key_order, location_number, size_bytes,"
                      + " content_type, etag, recorded_at, moved_to)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, f.connectionId());
            s.setString(2, f.key());
            s.setBytes(3, keyOrder(f.key()));
            bindFileValues(s, 4, f);
            s.executeUpdate();
          } catch (SQLException e) {
            if (SqlErrors.isMissingParent(e)) {
              throw ConnectionTables.notFound(f.connectionId());
            }
            throw e;
          }
          return null;
        });
  }

  @Override
  public Optional<FileRecord> file(String connectionId, int location, String key) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    return read(
        "read a file record",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + FILE_COLUMNS
                      + " FROM "
                      + schema.files
                      + " WHERE connection_id = ? AND location_number = ? AND key_order = ?")) {
            s.setString(1, connectionId);
            s.setInt(2, location);
            s.setBytes(3, keyOrder(key));
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(fileRecord(rs)) : Optional.<FileRecord>empty();
            }
          }
        });
  }

  @Override
  public void deleteFile(String connectionId, int location, String key) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    write(
        "delete a file record",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM "
                      + schema.files
                      + " WHERE connection_id = ? AND location_number = ? AND key_order = ?")) {
            s.setString(1, connectionId);
            s.setInt(2, location);
            s.setBytes(3, keyOrder(key));
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public long countFiles(String connectionId) {
    return count(connectionId, "");
  }

  @Override
  public long countLiveFiles(String connectionId) {
    return count(connectionId, " AND moved_to IS NULL");
  }

  private long count(String connectionId, String condition) {
    Objects.requireNonNull(connectionId, "connectionId");
    return read(
        "count file records",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM "
                      + schema.files
                      + " WHERE connection_id = ?"
                      + condition)) {
            s.setString(1, connectionId);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public List<FileRecord> files(
      String connectionId, int location, Optional<String> startAfter, int limit) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(startAfter, "startAfter");
    ConnectionTables.checkLimit(limit);
    return read(
        "list file records",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + FILE_COLUMNS
                      + " FROM "
                      + schema.files
                      + " WHERE connection_id = ? AND location_number = ?"
                      + (startAfter.isPresent() ? " AND key_order > ?" : "")
                      + " ORDER BY key_order LIMIT ?")) {
            int i = 1;
            s.setString(i++, connectionId);
            s.setInt(i++, location);
            if (startAfter.isPresent()) {
              s.setBytes(i++, keyOrder(startAfter.get()));
            }
            s.setInt(i, limit);
            List<FileRecord> page = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                page.add(fileRecord(rs));
              }
            }
            return page;
          }
        });
  }

  // ---- rows ----

  private void bindConnection(PreparedStatement s, ConnectionRecord r) throws SQLException {
    s.setString(1, r.provider());
    s.setString(2, r.label());
    s.setBoolean(3, r.enabled());
    s.setString(4, features(r.intendedFeatures()));
    s.setObject(5, timestamp(r.createdAt()));
    s.setObject(6, timestamp(r.updatedAt()));
    s.setLong(7, r.version());
    s.setString(8, r.id());
  }

  private void insertChildren(Connection c, ConnectionRecord r) throws SQLException {
    insertPairs(c, schema.settings, "setting_value", r.id(), r.settings());
    insertPairs(c, schema.secrets, "envelope", r.id(), r.sealedSecrets());
    try (PreparedStatement loc =
            c.prepareStatement(
                "INSERT INTO "
                    + schema.locations
                    + " (connection_id, location_number) VALUES (?, ?)");
        PreparedStatement set =
            c.prepareStatement(
                "INSERT INTO "
                    + schema.locationSettings
                    + " (connection_id, location_number, setting_name, setting_value)"
                    + " VALUES (?, ?, ?, ?)")) {
      boolean anySetting = false;
      for (LocationRecord l : r.locations()) {
        loc.setString(1, r.id());
        loc.setInt(2, l.number());
        loc.addBatch();
        for (Map.Entry<String, String> e : l.settings().entrySet()) {
          set.setString(1, r.id());
          set.setInt(2, l.number());
          set.setString(3, e.getKey());
          set.setString(4, e.getValue());
          set.addBatch();
          anySetting = true;
        }
      }
      loc.executeBatch();
      if (anySetting) {
        set.executeBatch();
      }
    }
  }

  private static void insertPairs(
      Connection c, String table, String valueColumn, String id, Map<String, String> pairs)
      throws SQLException {
    if (pairs.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (connection_id, setting_name, "
                + valueColumn
                + ") VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> e : pairs.entrySet()) {
        s.setString(1, id);
        s.setString(2, e.getKey());
        s.setString(3, e.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** A row of the connections table. */
  private record Header(
      String id,
      String provider,
      String label,
      boolean enabled,
      String features,
      Instant createdAt,
      Instant updatedAt,
      long version) {}

  /**
   * Reads the connection rows, their child rows, then the connection rows again: if a row changed
   * meanwhile (another hub committed an edit between the statements), reads again. Each statement
   * sees committed data only and an edit commits its row and its children together, so equal rows
   * before and after mean the children read in between are theirs. This holds on every isolation
   * level (H2's repeatable read, for one, takes its snapshot per table, not per transaction).
   */
  private List<ConnectionRecord> readConnections(Connection c, Optional<String> id)
      throws SQLException {
    for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      List<Header> before = headers(c, id);
      if (before.isEmpty()) {
        return List.of();
      }
      Children children = children(c, id);
      if (before.equals(headers(c, id))) {
        List<ConnectionRecord> out = new ArrayList<>();
        for (Header h : before) {
          out.add(record(h, children));
        }
        return out;
      }
    }
    throw StorageException.of(
        Code.UNAVAILABLE,
        "JDBC connection store: connections changed during each of "
            + READ_ATTEMPTS
            + " reads; try again");
  }

  private List<Header> headers(Connection c, Optional<String> id) throws SQLException {
    List<Header> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, provider, label, enabled, intended_features, created_at, updated_at,"
                + " version FROM "
                + schema.connections
                + (id.isPresent() ? " WHERE id = ?" : "")
                + " ORDER BY id")) {
      bindId(s, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Header(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getBoolean(4),
                  rs.getString(5),
                  instant(rs, 6),
                  instant(rs, 7),
                  rs.getLong(8)));
        }
      }
    }
    return out;
  }

  private record Children(
      Map<String, Map<String, String>> settings,
      Map<String, Map<String, String>> secrets,
      Map<String, TreeMap<Integer, Map<String, String>>> locations) {}

  private Children children(Connection c, Optional<String> id) throws SQLException {
    String where = id.isPresent() ? " WHERE connection_id = ?" : "";
    Map<String, Map<String, String>> settings =
        readPairs(c, schema.settings, "setting_value", where, id);
    Map<String, Map<String, String>> secrets = readPairs(c, schema.secrets, "envelope", where, id);
    Map<String, TreeMap<Integer, Map<String, String>>> locations = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT connection_id, location_number FROM " + schema.locations + where)) {
      bindId(s, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          locations
              .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getInt(2), new TreeMap<>());
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT connection_id, location_number, setting_name, setting_value FROM "
                + schema.locationSettings
                + where)) {
      bindId(s, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, String> of =
              locations.getOrDefault(rs.getString(1), new TreeMap<>()).get(rs.getInt(2));
          if (of != null) {
            of.put(rs.getString(3), rs.getString(4));
          }
        }
      }
    }
    return new Children(settings, secrets, locations);
  }

  private static ConnectionRecord record(Header h, Children children) {
    List<LocationRecord> locations =
        children.locations().getOrDefault(h.id(), new TreeMap<>()).entrySet().stream()
            .map(e -> new LocationRecord(e.getKey(), e.getValue()))
            .collect(Collectors.toList());
    try {
      return new ConnectionRecord(
          h.id(),
          h.provider(),
          h.label(),
          children.settings().getOrDefault(h.id(), Map.of()),
          children.secrets().getOrDefault(h.id(), Map.of()),
          h.enabled(),
          features(h.id(), h.features()),
          locations,
          h.createdAt(),
          h.updatedAt(),
          h.version());
    } catch (IllegalArgumentException e) {
      throw StorageException.of(
          Code.CONFIG_INVALID,
          "JDBC connection store: the stored connection '" + h.id() + "' is malformed");
    }
  }

  private static Map<String, Map<String, String>> readPairs(
      Connection c, String table, String valueColumn, String where, Optional<String> id)
      throws SQLException {
    Map<String, Map<String, String>> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT connection_id, setting_name, " + valueColumn + " FROM " + table + where)) {
      bindId(s, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getString(2), rs.getString(3));
        }
      }
    }
    return out;
  }

  private static void bindId(PreparedStatement s, Optional<String> id) throws SQLException {
    if (id.isPresent()) {
      s.setString(1, id.get());
    }
  }

  private static void bindFileValues(PreparedStatement s, int from, FileRecord f)
      throws SQLException {
    s.setInt(from, f.location());
    s.setLong(from + 1, f.size());
    s.setString(from + 2, f.contentType());
    s.setString(from + 3, f.etag().orElse(null));
    s.setObject(from + 4, timestamp(f.recordedAt()));
    s.setString(from + 5, f.movedTo().orElse(null));
  }

  private static FileRecord fileRecord(ResultSet rs) throws SQLException {
    return new FileRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getLong(4),
        rs.getString(5),
        Optional.ofNullable(rs.getString(6)),
        instant(rs, 7),
        Optional.ofNullable(rs.getString(8)));
  }

  private static byte[] keyOrder(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private static OffsetDateTime timestamp(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String features(Set<Feature> features) {
    return features.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private static Set<Feature> features(String id, String stored) {
    if (stored.isEmpty()) {
      return Set.of();
    }
    Set<Feature> set = EnumSet.noneOf(Feature.class);
    for (String name : stored.split(",", -1)) {
      try {
        set.add(Feature.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw StorageException.of(
            Code.CONFIG_INVALID,
            "JDBC connection store: connection '"
                + id
                + "' names an intended feature this Stowage does not know");
      }
    }
    return set;
  }

  /** After an update or delete changed no row: the connection is gone, or its version moved on. */
  private StorageException missingOrConflict(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM " + schema.connections + " WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? ConnectionTables.conflict(id) : ConnectionTables.notFound(id);
      }
    }
  }

  // ---- transactions ----

  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String operation, SqlWork<T> work) {
    return transaction(operation, Connection.TRANSACTION_READ_COMMITTED, true, work);
  }

  private <T> T write(String operation, SqlWork<T> work) {
    return transaction(operation, Connection.TRANSACTION_READ_COMMITTED, false, work);
  }

  private <T> T transaction(String operation, int isolation, boolean readOnly, SqlWork<T> work) {
    ensureSchema();
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(isolation, readOnly, work);
      } catch (SQLException e) {
        // Two first inserts of one file key or of the upload target raced: the loser retries and
        // finds the row to update.
        if (SqlErrors.isUniqueViolation(e) && attempt < TRANSACTION_ATTEMPTS) {
          continue;
        }
        throw SqlErrors.of(e, operation, dialect);
      }
    }
  }

  private <T> T runOnce(int isolation, boolean readOnly, SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int previousIsolation = c.getTransactionIsolation();
      T result;
      try {
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        result = work.run(c);
        if (readOnly) {
          c.rollback();
        } else {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        restoreQuietly(c, previousIsolation, autoCommit);
        throw e;
      }
      // A pooled connection goes back as it came.
      c.setTransactionIsolation(previousIsolation);
      c.setAutoCommit(autoCommit);
      return result;
    }
  }

  private static void restoreQuietly(Connection c, int isolation, boolean autoCommit) {
    try {
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    } catch (SQLException ignored) {
      // The failure being thrown says more than this one.
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The first failure is the one worth reporting.
    }
  }

  private void ensureSchema() {
    if (schemaReady) {
      return;
    }
    synchronized (this) {
      if (schemaReady) {
        return;
      }
      for (int attempt = 1; ; attempt++) {
        try (Connection c = dataSource.getConnection()) {
          if (dialect == null) {
            dialect = JdbcDialect.of(c.getMetaData().getDatabaseProductName());
          }
          if (createSchema) {
            createTables(c);
          }
          schemaReady = true;
          return;
        } catch (SQLException e) {
          // Two servers creating the tables at once can collide in PostgreSQL's catalog; the
          // second attempt finds them made.
          if (attempt >= TRANSACTION_ATTEMPTS || !createSchema) {
            throw SqlErrors.of(e, "create its tables", dialect);
          }
        }
      }
    }
  }

  private void createTables(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String ddl : schema.statements(dialect)) {
        s.execute(ddl);
      }
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** The DDL this store runs (or would run) on its database, for tests and host tooling. */
  List<String> schemaStatements() {
    ensureDialect();
    return schema.statements(dialect);
  }

  private void ensureDialect() {
    if (dialect == null) {
      try (Connection c = dataSource.getConnection()) {
        dialect = JdbcDialect.of(c.getMetaData().getDatabaseProductName());
      } catch (SQLException e) {
        throw SqlErrors.of(e, "identify the database", null);
      }
    }
  }
}
