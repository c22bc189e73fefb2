package dev.stowage.hub.persistence;

import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.JdbcConnectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link HubPersistenceContract} on an H2 database file. A restart shuts the database down, so the
 * next store reads what reached the file; the raw scan reads every file H2 left in the folder.
 */
class H2HubPersistenceTest extends HubPersistenceContract {

  private JdbcDataSource dataSource;

  private Path databaseDir() {
    return dir.resolve("db");
  }

  @BeforeEach
  void database() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + databaseDir().resolve("hub") + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  protected ConnectionStore newStoreInstance() {
    return JdbcConnectionStore.create(dataSource);
  }

  @Override
  protected void shutdownBacking() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Override
  protected Map<String, byte[]> storedBytes() throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(databaseDir())) {
      for (Path f : files.toList()) {
        out.put(f.toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  @Override
  protected void overwriteEnvelope(String connectionId, String setting, String envelope)
      throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE stowage_connection_secrets SET envelope = ?"
                    + " WHERE connection_id = ? AND setting_name = ?")) {
      s.setString(1, envelope);
      s.setString(2, connectionId);
      s.setString(3, setting);
      if (s.executeUpdate() != 1) {
        throw new AssertionError("no secret row " + connectionId + "/" + setting);
      }
    }
    shutdownBacking();
  }
}
