package dev.stowage.hub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;

/**
 * A real PostgreSQL 17 for a test class (embedded, started once in {@code @BeforeAll}): UTF8, with
 * a language's collation (ICU en-US) where the binaries allow it, so ordering by bytes is a store's
 * doing, not the database's default. Shared by the store's and the hub's tests.
 */
public final class TestPostgres implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final boolean languageCollation;

  private TestPostgres(EmbeddedPostgres postgres, boolean languageCollation) {
    this.postgres = postgres;
    this.languageCollation = languageCollation;
  }

  public static TestPostgres start() throws IOException {
    try {
      return new TestPostgres(
          EmbeddedPostgres.builder()
              .setLocaleConfig("locale-provider", "icu")
              .setLocaleConfig("icu-locale", "en-US")
              .setLocaleConfig("encoding", "UTF8")
              .start(),
          true);
    } catch (IOException | RuntimeException e) {
      // Binaries without ICU: a C.UTF-8 cluster runs every test all the same.
      return new TestPostgres(
          EmbeddedPostgres.builder().setLocaleConfig("encoding", "UTF8").start(), false);
    }
  }

  /** The {@code postgres} database. */
  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  /** Whether text sorts by a language's rules by default (ICU en-US) rather than by bytes. */
  public boolean languageCollation() {
    return languageCollation;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
