package dev.stowage.hub.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on an H2 database file, with a table prefix of its own; the restart test shuts the
 * database down before opening it again.
 */
class H2FileConnectionStoreTest extends ConnectionStoreContract {

  @TempDir Path dir;
  private JdbcDataSource dataSource;

  @Override
  protected ConnectionStore newStore() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + dir.resolve("hub") + ";DB_CLOSE_DELAY=-1");
    return store();
  }

  private ConnectionStore store() {
    return JdbcConnectionStore.builder(dataSource).tablePrefix("acme_hub_").build();
  }

  @Override
  protected ConnectionStore sameDataStore() {
    return store();
  }

  @Override
  protected void restartBacking() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }
}
