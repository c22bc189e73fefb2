package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The databases {@link JdbcConnectionStore} knows, each with the schema file it ships (a classpath
 * resource a host can hand to Flyway or Liquibase). Only the table definitions differ; the store's
 * statements are the same on each.
 */
public enum JdbcDialect {
  POSTGRESQL("dev/stowage/hub/store/schema-postgresql.sql"),
  H2("dev/stowage/hub/store/schema-h2.sql");

  private final String schemaResource;

  JdbcDialect(String schemaResource) {
    this.schemaResource = schemaResource;
  }

  /** The classpath resource holding this database's schema, for the default prefix. */
  public String schemaResource() {
    return schemaResource;
  }

  /** The text of {@link #schemaResource()}. */
  public String schemaSql() {
    try (InputStream in = JdbcDialect.class.getClassLoader().getResourceAsStream(schemaResource)) {
      if (in == null) {
        throw new IllegalStateException(schemaResource + " is missing from the stowage-hub jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dialect of a database by the product name its driver reports. */
  static JdbcDialect of(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw StorageException.of(
        Code.UNSUPPORTED,
        "The JDBC connection store knows PostgreSQL and H2, not '"
            + productName
            + "'; choose a dialect explicitly if the database speaks one of them");
  }
}
