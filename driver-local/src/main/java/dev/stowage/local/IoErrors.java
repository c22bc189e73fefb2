package dev.stowage.local;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns the JDK's and Commons VFS's I/O exceptions into {@link StorageException}s with the code a
 * caller can act on. VFS wraps the JDK's exceptions (or only their messages), so the whole cause
 * chain is searched. {@code ALREADY_EXISTS} is not made here: only a create-only upload's own
 * exclusive create may say so, a name clash anywhere else is something else.
 *
 * <p>Messages name the key (a path relative to the root) and the operating system's reason, never
 * an absolute path: they reach logs, host UIs and, through a driver's callers, people who should
 * not learn where the files live. For the same reason the I/O exception, whose message carries the
 * absolute path, is not attached as the cause.
 */
final class IoErrors {

  private static final int LINUX_PATH_MAX = 4096;

  private IoErrors() {}

  /**
   * @param doing what the driver was doing, for the message: "reading", "writing", ...
   * @param key the key (or, for listings, the prefix) it was doing it to
   */
  static StorageException map(IOException e, String doing, String key) {
    String what = doing + " '" + key + "'";
    for (Throwable t = e; t != null; t = t.getCause()) {
      StorageException mapped = mapOne(t, what);
      if (mapped != null) {
        return mapped;
      }
    }
    return StorageException.of(
        Code.UNAVAILABLE, "I/O error while " + what + " (" + e.getClass().getSimpleName() + ")");
  }

  /**
   * As {@link #map}, for writes: a missing file or folder there means one vanished under the write
   * (a concurrent delete pruning folders), not a missing object.
   */
  static StorageException mapWrite(IOException e, String key) {
    StorageException mapped = map(e, "writing", key);
    if (mapped.code() != Code.NOT_FOUND) {
      return mapped;
    }
    return StorageException.of(
        Code.UNAVAILABLE,
        "A folder disappeared while writing '"
            + key
            + "' (deleted at the same time?); nothing was stored");
  }

  /**
   * Whether a path is longer than Linux's PATH_MAX (4096 bytes with its NUL): then the failure was
   * ENAMETOOLONG whatever language the operating system's message is in.
   */
  private static boolean beyondPathMax(String path) {
    return path != null && path.getBytes(StandardCharsets.UTF_8).length >= LINUX_PATH_MAX;
  }

  private static StorageException mapOne(Throwable t, String what) {
    if (t instanceof NoSuchFileException) {
      return StorageException.of(Code.NOT_FOUND, "No such object (" + what + ")");
    }
    if (t instanceof AccessDeniedException) {
      return StorageException.of(
          Code.PERMISSION_DENIED, "The file system denied access while " + what);
    }
    // The JDK's FileSystemException keeps the operating system's reason apart from the paths;
    // other exceptions (java.io's, VFS's) have only a message, which may hold a path.
    String reason = t instanceof FileSystemException f ? f.getReason() : null;
    String message = t.getMessage() == null ? "" : t.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("file name too long")
        || (t instanceof FileSystemException fse && beyondPathMax(fse.getFile()))) {
      // ENAMETOOLONG: this file system's limit (shorter names than ext4's, or a path past
      // PATH_MAX under a deep root). The same key fails every time: not worth a retry.
      return StorageException.of(
          Code.INVALID_KEY,
          "Invalid key: a name in its path is too long for this file system (" + what + ")");
    }
    if (lower.contains("no space left") || lower.contains("disk quota")) {
      return StorageException.of(Code.UNAVAILABLE, "The disk is full while " + what);
    }
    if (lower.contains("read-only file system")) {
      return StorageException.of(
          Code.PERMISSION_DENIED, "The file system is read-only (" + what + ")");
    }
    if (t instanceof FileNotFoundException) {
      // java.io (which VFS uses) says why only in the message.
      return lower.contains("permission denied")
          ? StorageException.of(
              Code.PERMISSION_DENIED, "The file system denied access while " + what)
          : StorageException.of(Code.NOT_FOUND, "No such object (" + what + ")");
    }
    if (t instanceof FileSystemException) {
      return StorageException.of(
          Code.UNAVAILABLE,
          "I/O error while "
              + what
              + (reason == null || reason.contains("/") ? "" : ": " + reason));
    }
    return null;
  }
}
