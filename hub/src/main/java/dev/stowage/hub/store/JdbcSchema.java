package dev.stowage.hub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table names of one {@link JdbcConnectionStore} and the DDL it runs: the statements of the
 * dialect's shipped schema file, with the prefix in place of {@code stowage_}. One source, so what
 * a host hands to Flyway is what the store would have created.
 */
final class JdbcSchema {

  static final String DEFAULT_PREFIX = "stowage_";
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");
  private static final Pattern DEFAULT_NAME = Pattern.compile("\\bstowage_(?=[a-z_]+\\b)");

  final String connections;
  final String settings;
  final String secrets;
  final String locations;
  final String locationSettings;
  final String files;
  final String hubState;
  private final String prefix;

  JdbcSchema(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "a table prefix is a lower-case letter then letters, digits or '_' (at most 30): '"
              + prefix
              + "'");
    }
    this.prefix = prefix;
    connections = prefix + "connections";
    settings = prefix + "connection_settings";
    secrets = prefix + "connection_secrets";
    locations = prefix + "locations";
    locationSettings = prefix + "location_settings";
    files = prefix + "files";
    hubState = prefix + "hub_state";
  }

  /** The schema file's statements, in order, with this prefix; comments and blank lines dropped. */
  List<String> statements(JdbcDialect dialect) {
    return statements(dialect.schemaSql(), prefix);
  }

  static List<String> statements(String sql, String prefix) {
    StringBuilder code = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      if (!line.isBlank() && !line.stripLeading().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String statement : code.toString().split(";\n", -1)) {
      if (!statement.isBlank()) {
        out.add(
            DEFAULT_NAME.matcher(statement.strip()).replaceAll(Matcher.quoteReplacement(prefix)));
      }
    }
    return out;
  }
}
