package dev.stowage.hub.config;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one rule for connection ids, used by the hub, its references and every setting source: slugs
 * of lower-case letters, digits and inner hyphens, 1 to 64 characters ({@code s3-main}, {@code
 * r2-eu}). They appear in file references, environment variable names and property names, so they
 * carry nothing that needs escaping there (never a {@code ~}, which marks a location in a
 * reference).
 *
 * <p>A few slugs are reserved because the hub's own environment variables would read as settings of
 * a connection so named: {@code STOWAGE_MASTER_KEYS} and {@code STOWAGE_MASTER_KEY_FILE} as
 * settings of {@code master}, {@code STOWAGE_UPLOAD_TARGET} as one of {@code upload}, {@code
 * STOWAGE_CONNECTIONS} as the list of {@code connections}.
 */
public final class ConnectionIds {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  /** Reserved id to the hub variable it would be confused with. */
  private static final Map<String, String> RESERVED =
      Map.of(
          "master", "STOWAGE_MASTER_KEYS and STOWAGE_MASTER_KEY_FILE",
          "upload", "STOWAGE_UPLOAD_TARGET",
          "connections", "STOWAGE_CONNECTIONS");

  /** What a connection id looks like, for messages. */
  public static final String RULE =
      "1-64 lower-case letters, digits and inner hyphens, such as 's3-main'; not master, upload"
          + " or connections";

  private ConnectionIds() {}

  /** Whether {@code id} is a slug and not reserved. */
  public static boolean isValid(String id) {
    return problem(id) == null;
  }

  /**
   * Why {@code id} cannot name a connection (without repeating it, so a value read from a source
   * never reaches a message), or null when it can.
   */
  public static String problem(String id) {
    if (id == null || !SLUG.matcher(id).matches()) {
      return "it is not a connection id (" + RULE + ")";
    }
    String clash = RESERVED.get(id);
    if (clash != null) {
      return "it is reserved: the hub's own variables "
          + clash
          + " would read as settings of a connection so named";
    }
    return null;
  }

  /** The id unchanged, or {@code code} saying why it cannot name a connection. */
  public static String require(String id, Code code) {
    String problem = problem(id);
    if (problem != null) {
      throw StorageException.of(
          code,
          "Invalid connection id '" + (id == null ? "null" : Keys.printable(id)) + "': " + problem);
    }
    return id;
  }
}
