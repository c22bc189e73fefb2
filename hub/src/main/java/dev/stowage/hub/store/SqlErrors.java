package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Turns a {@link SQLException} into a {@link StorageException} by its SQLState. The message is
 * ours: a driver's text can quote the values of a statement (a sealed envelope, say), so neither it
 * nor the exception itself is passed on.
 */
final class SqlErrors {

  /** Undefined table: PostgreSQL, the SQL standard, H2 (42S04 when the database is empty). */
  private static final Set<String> MISSING_TABLE = Set.of("42P01", "42S02", "42S04");

  private SqlErrors() {}

  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /** A row names a parent that is not there (PostgreSQL 23503, H2 23506). */
  static boolean isMissingParent(SQLException e) {
    return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
  }

  static StorageException of(SQLException e, String operation, JdbcDialect dialect) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Code code;
    String what;
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57P")) {
      code = Code.UNAVAILABLE;
      what = "the database cannot be reached";
    } else if (e instanceof SQLTimeoutException
        || state.equals("HYT00")
        || state.equals("57014")
        || state.equals("55P03")) {
      code = Code.UNAVAILABLE;
      what = "the database did not answer in time or a lock was held too long";
    } else if (state.startsWith("40")) {
      code = Code.PRECONDITION_FAILED;
      what = "another hub changed the same rows meanwhile; reload and try again";
    } else if (MISSING_TABLE.contains(state)) {
      code = Code.CONFIG_INVALID;
      what =
          "its tables are missing: create them with "
              + (dialect == null ? "the shipped schema file" : dialect.schemaResource())
              + " or let the store create its schema";
    } else if (state.startsWith("22")) {
      code = Code.INVALID_ARGUMENT;
      what = "a value does not fit its column";
    } else {
      code = Code.UNEXPECTED;
      what = "the database refused the statement";
    }
    return StorageException.builder(
            code,
            "JDBC connection store: "
                + operation
                + " failed, "
                + what
                + " (SQLState "
                + (state.isEmpty() ? "none" : state)
                + ", vendor code "
                + e.getErrorCode()
                + ")")
        .retryable(
            code == Code.UNAVAILABLE || code == Code.PRECONDITION_FAILED && state.startsWith("40"))
        .build();
  }
}
