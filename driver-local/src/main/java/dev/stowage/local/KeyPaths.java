package dev.stowage.local;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where keys live on disk: key {@code a/b/c} is the file {@code <root>/a/b/c}. Also the rules that
 * keep every path inside the root: reserved names, the 255-byte name limit, and the real-path check
 * that stops a symbolic link from leading out of the root.
 */
final class KeyPaths {

  /** The driver's own tree at the root: sidecars, lock files, probes. No key may start with it. */
  static final String RESERVED_DIR = ".stowage";

  /** Temporary files of writes in progress. No key segment may start with it. */
  static final String TEMP_PREFIX = ".stowage-tmp-";

  /** Longest file or folder name most file systems allow (ext4, XFS, APFS, NTFS), in bytes. */
  static final int MAX_NAME_BYTES = 255;

  private final Path root;
  private volatile Path rootReal;

  /**
   * @param root absolute and normalised
   */
  KeyPaths(Path root) {
    this.root = root;
  }

  /** The root as configured (it may itself be a symbolic link). */
  Path root() {
    return root;
  }

  /**
   * The root's real path, every symbolic link resolved; the boundary every path is checked against.
   * Cached once the root exists, so a root created after the driver opened still works. A missing
   * root is never re-created here: it may be an unmounted disk, and writing into the empty mount
   * point would hide the files when the disk comes back.
   */
  Path rootReal() {
    Path real = rootReal;
    if (real == null) {
      try {
        real = root.toRealPath();
        if (!Files.isDirectory(real)) {
          throw new NotDirectoryException(root.toString());
        }
      } catch (IOException e) {
        // No path in the message (it reaches link holders' logs and host UIs), nor the cause
        // that carries it: the host knows its own 'root' setting.
        throw StorageException.of(
            Code.UNAVAILABLE, "The root folder (setting 'root') does not exist or is not a folder");
      }
      rootReal = real;
    }
    return real;
  }

  Path reservedDir() {
    return root.resolve(RESERVED_DIR);
  }

  /**
   * The file a new object of this key is written to: the strict key rule ({@link Keys#problem}),
   * which the Store checked already; the signed-URL handler calls the driver directly, so it is
   * applied again here.
   */
  Path fileToWrite(String key) {
    String problem = Keys.problem(key);
    if (problem != null) {
      throw invalid("Invalid key: " + problem);
    }
    return file(key);
  }

  /**
   * The file for the key of an existing object (read, stat, delete), or {@code INVALID_KEY} when no
   * file of this driver can have that key. Other tools may have written files whose names the
   * strict rule refuses (a control character, say): they are read like any other. A key that does
   * not name a path inside the root (a leading '/', an empty, '.' or '..' segment) is refused, so
   * no key leads out of the root.
   */
  Path file(String key) {
    String problem = existingKeyProblem(key);
    if (problem != null) {
      throw invalid("Invalid key: " + problem);
    }
    checkSegments(key);
    Path path;
    try {
      path = root.resolve(key);
    } catch (InvalidPathException e) {
      String encoding = System.getProperty("sun.jnu.encoding", "");
      throw invalid(
          "Invalid key: this file system cannot hold that name ("
              + e.getReason()
              + (encoding.equalsIgnoreCase("UTF-8")
                  ? ")"
                  : "; the JVM encodes file names as "
                      + encoding
                      + ": start it with a UTF-8 locale such as LANG=C.UTF-8)"));
    }
    // Keys here have no '.' or '..' segments, so this holds; it is the last line of defence.
    if (!path.normalize().startsWith(root) || path.equals(root)) {
      throw invalid("Invalid key: it does not name a file inside the root");
    }
    return path;
  }

  /**
   * Refuses a path that leads out of the root through a symbolic link: the real path of its nearest
   * existing ancestor (the path itself when it exists) must lie inside the root's real path. A link
   * inside the root that points elsewhere inside it is allowed.
   */
  void checkContained(Path path) throws IOException {
    Path boundary = rootReal();
    for (int attempt = 1; ; attempt++) {
      Path existing = path;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        throw new NoSuchFileException(root.toString());
      }
      Path real;
      try {
        real = existing.toRealPath();
      } catch (NoSuchFileException e) {
        if (Files.isSymbolicLink(existing)) {
          throw invalid(
              "Invalid key: its path goes through a symbolic link that points nowhere; the local"
                  + " driver never writes through links");
        }
        if (attempt == 5) {
          throw e;
        }
        continue; // removed meanwhile (a delete pruning empty folders): look again
      }
      if (!real.startsWith(boundary)) {
        throw invalid(
            "Invalid key: its path goes through a symbolic link that leads outside the root;"
                + " the local driver never reads or writes outside the root");
      }
      return;
    }
  }

  /**
   * The directory a listing of {@code dirKey} ("" or "a/b/") walks, or null when no key can lie
   * under it here: an invalid or reserved prefix, a missing directory, or one reached through a
   * symbolic link (listings never follow directory links, so they cannot loop or leave the root).
   */
  Path listingDirectory(String dirKey) throws IOException {
    Path boundary = rootReal();
    if (dirKey.isEmpty()) {
      return root;
    }
    String asKey = dirKey + "x";
    if (existingKeyProblem(asKey) != null || reservedProblem(asKey) != null) {
      return null;
    }
    Path dir;
    try {
      dir = root.resolve(dirKey);
    } catch (InvalidPathException e) {
      return null;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path expected = boundary.resolve(dirKey);
    try {
      return dir.toRealPath().equals(expected) ? dir : null;
    } catch (NoSuchFileException e) {
      return null; // removed meanwhile: nothing under it
    }
  }

  /**
   * The sidecar of a key: {@code <root>/.stowage/meta/<h[0..2]>/<h>.properties} where h is the
   * SHA-256 of the key. Hashed rather than mirroring the key's path because a mirrored name ({@code
   * name + ".properties"}) would pass the 255-byte limit for names of 245 bytes or more, and a
   * mirrored tree can be left holding a file where a later key needs a folder.
   */
  Path sidecar(String key) {
    String hash = sha256Hex(key);
    return reservedDir()
        .resolve("meta")
        .resolve(hash.substring(0, 2))
        .resolve(hash + ".properties");
  }

  /**
   * Why no file under the root can have this key, or null: the rule for existing keys ({@link
   * Keys#existingProblem}), plus what a path cannot be. A file name written by another tool may
   * hold characters the strict rule refuses (a control character), never a backslash (a separator
   * to Windows and Commons VFS), an empty segment or a '.' or '..' one.
   */
  static String existingKeyProblem(String key) {
    String problem = Keys.existingProblem(key);
    if (problem != null) {
      return problem;
    }
    // Windows and Commons VFS read '\' as a folder separator: such a key would name another path.
    if (key.indexOf('\\') >= 0) {
      return "the key contains a backslash, which the local driver reads as a folder separator";
    }
    String path = Keys.pathProblem(key);
    return path == null ? null : path + ", which names no file inside the root";
  }

  /** Why the key is reserved by this driver, or null. */
  static String reservedProblem(String key) {
    int start = 0;
    boolean first = true;
    while (true) {
      int slash = key.indexOf('/', start);
      int end = slash < 0 ? key.length() : slash;
      // Case-insensitive: on macOS and Windows ".STOWAGE" is the same folder.
      if (first
          && end - start == RESERVED_DIR.length()
          && key.regionMatches(true, start, RESERVED_DIR, 0, RESERVED_DIR.length())) {
        return "its first segment '.stowage' is reserved by the local driver";
      }
      if (key.regionMatches(true, start, TEMP_PREFIX, 0, TEMP_PREFIX.length())) {
        return "segments starting with '" + TEMP_PREFIX + "' are reserved by the local driver";
      }
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
      first = false;
    }
  }

  /** Whether a directory entry is the driver's own and must never be listed. */
  static boolean isReservedEntry(String name, boolean atRoot) {
    return (atRoot && name.equalsIgnoreCase(RESERVED_DIR))
        || name.regionMatches(true, 0, TEMP_PREFIX, 0, TEMP_PREFIX.length());
  }

  private static void checkSegments(String key) {
    String reserved = reservedProblem(key);
    if (reserved != null) {
      throw invalid("Invalid key: " + reserved);
    }
    int start = 0;
    while (start <= key.length()) {
      int slash = key.indexOf('/', start);
      int end = slash < 0 ? key.length() : slash;
      String segment = key.substring(start, end);
      int bytes = Keys.utf8Length(segment);
      if (bytes > MAX_NAME_BYTES) {
        throw invalid(
            "Invalid key: the name '"
                + abbreviate(segment)
                + "' is "
                + bytes
                + " bytes in UTF-8; local disks allow at most "
                + MAX_NAME_BYTES
                + " bytes per file or folder name");
      }
      if (slash < 0) {
        return;
      }
      start = slash + 1;
    }
  }

  private static String abbreviate(String s) {
    return s.codePointCount(0, s.length()) <= 24
        ? s
        : s.substring(0, s.offsetByCodePoints(0, 20)) + "...";
  }

  private static String sha256Hex(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static StorageException invalid(String message) {
    return StorageException.of(Code.INVALID_KEY, message);
  }
}
