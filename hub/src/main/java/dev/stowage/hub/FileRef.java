package dev.stowage.hub;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ConnectionIds;
import java.util.Objects;

/**
 * A reference to one file a {@link StorageHub} holds: the string a host keeps in its product row,
 * such as {@code stowage://s3-main/products/app-1.0.zip}.
 *
 * <p>Form: {@code stowage://<connection-id>/<key>} for a file written under the connection's first
 * location, {@code stowage://<connection-id>~<n>/<key>} for location {@code n >= 2}. A location is
 * the set of settings saying where the connection put files (bucket, region, endpoint, root...)
 * when the file was written; pointing the connection at another bucket gives it a new location, so
 * a reference written before still reads from the old bucket, with the connection's current
 * credentials. In the key, {@code /} and most characters stand as they are; {@code %}, {@code ?},
 * {@code #}, {@code \}, white space and control or invisible characters are percent-encoded as
 * UTF-8. {@link #toString()} is the canonical form; {@link #parse} reads it back exactly.
 *
 * <p>A key may not start with {@code /} nor have a {@code .} or {@code ..} segment: a reference
 * never points outside its connection's bucket or folder.
 */
public record FileRef(String connectionId, String key, int location) {

  /** The scheme every reference starts with. */
  public static final String PREFIX = "stowage://";

  public FileRef {
    ConnectionIds.require(connectionId, Code.INVALID_ARGUMENT);
    Objects.requireNonNull(key, "key");
    String problem = keyProblem(key);
    if (problem != null) {
      throw StorageException.builder(Code.INVALID_ARGUMENT, "Invalid file reference: " + problem)
          .key(Keys.printable(key))
          .build();
    }
    if (location < 1) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "Invalid file reference: location numbers start at 1, was " + location);
    }
  }

  /** A reference to {@code key} under the connection's first location. */
  public static FileRef of(String connectionId, String key) {
    return new FileRef(connectionId, key, 1);
  }

  /** A reference to {@code key} under location {@code location} of the connection. */
  public static FileRef of(String connectionId, String key, int location) {
    return new FileRef(connectionId, key, location);
  }

  /**
   * Reads a reference written by {@link #toString()}. Anything else fails {@code INVALID_ARGUMENT}
   * saying what is wrong: another scheme, a bad connection id or location, a malformed escape, an
   * empty key, or a key pointing outside the connection ({@code ..}, a leading {@code /}).
   */
  public static FileRef parse(String ref) {
    if (ref == null) {
      throw invalid("the reference is null");
    }
    if (!ref.startsWith(PREFIX)) {
      throw invalid("it does not start with '" + PREFIX + "'");
    }
    int slash = ref.indexOf('/', PREFIX.length());
    if (slash < 0) {
      throw invalid("it names no key after the connection");
    }
    String authority = ref.substring(PREFIX.length(), slash);
    int tilde = authority.indexOf('~');
    String connectionId = tilde < 0 ? authority : authority.substring(0, tilde);
    if (!ConnectionIds.isValid(connectionId)) {
      throw invalid("'" + Keys.printable(connectionId) + "' is not a connection id");
    }
    int location = tilde < 0 ? 1 : parseLocation(authority.substring(tilde + 1));
    String encodedKey = ref.substring(slash + 1);
    if (encodedKey.isEmpty()) {
      throw invalid("the key is empty");
    }
    String key;
    try {
      key = FileRefCoding.decode(encodedKey);
    } catch (IllegalArgumentException e) {
      throw invalid("in the key, " + e.getMessage());
    }
    return new FileRef(connectionId, key, location);
  }

  /** Whether {@code key} can be named by a reference; see the class comment. */
  public static boolean canReference(String key) {
    return key != null && keyProblem(key) == null;
  }

  /** The canonical string form, for a host to store. */
  @Override
  public String toString() {
    return PREFIX
        + connectionId
        + (location == 1 ? "" : "~" + location)
        + "/"
        + FileRefCoding.encode(key);
  }

  private static int parseLocation(String digits) {
    // One spelling per location: no "~1" (that is the plain form), no leading zeros or signs.
    if (digits.isEmpty()
        || digits.length() > 9
        || digits.charAt(0) < '1'
        || digits.charAt(0) > '9'
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid("the location after '~' must be a number from 2 without leading zeros");
    }
    int n = Integer.parseInt(digits);
    if (n < 2) {
      throw invalid("location 1 is written without '~1'");
    }
    return n;
  }

  private static String keyProblem(String key) {
    String problem = Keys.existingProblem(key);
    if (problem != null) {
      return problem;
    }
    if (key.charAt(0) == '/') {
      return "the key starts with '/'";
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return "the key has a '" + segment + "' segment";
      }
    }
    return null;
  }

  private static StorageException invalid(String why) {
    return StorageException.of(Code.INVALID_ARGUMENT, "Invalid file reference: " + why);
  }
}
