package dev.stowage.hub;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.regex.Pattern;

/**
 * The rule for connection ids: slugs of lower-case letters, digits and inner hyphens, 1 to 64
 * characters ({@code s3-main}, {@code r2-eu}). They appear in file references, environment variable
 * names and property names, so they carry nothing that needs escaping there (never a {@code ~},
 * which marks a location in a reference).
 */
final class ConnectionIds {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  private ConnectionIds() {}

  static boolean isValid(String id) {
    return id != null && SLUG.matcher(id).matches();
  }

  /** The id unchanged, or {@code code} saying what a connection id looks like. */
  static String require(String id, Code code) {
    if (!isValid(id)) {
      throw StorageException.of(
          code,
          "Invalid connection id '"
              + (id == null ? "null" : Keys.printable(id))
              + "': use 1-64 lower-case letters, digits and inner hyphens, such as 's3-main'");
    }
    return id;
  }
}
