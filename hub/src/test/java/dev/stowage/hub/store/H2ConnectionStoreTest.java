package dev.stowage.hub.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/** The contract on H2 in memory; a second hub is a second store on the same database. */
class H2ConnectionStoreTest extends ConnectionStoreContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private JdbcDataSource dataSource;

  @Override
  protected ConnectionStore newStore() {
    dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:hub-store-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    return JdbcConnectionStore.create(dataSource);
  }

  @Override
  protected ConnectionStore sameDataStore() {
    return JdbcConnectionStore.create(dataSource);
  }
}
