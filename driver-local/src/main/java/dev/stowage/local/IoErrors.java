package dev.stowage.local;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns the JDK's and Commons VFS's I/O exceptions into {@link StorageException}s with the code a
 * caller can act on. VFS wraps the JDK's exceptions (or only their messages), so the whole cause
 * chain is searched. {@code ALREADY_EXISTS} is not made here: only a create-only upload's own
 * exclusive create may say so, a name clash anywhere else is something else.
 */
final class IoErrors {

  private IoErrors() {}

  /**
   * @param doing what the driver was doing, for the message: "reading", "writing", ...
   */
  static StorageException map(IOException e, String doing) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      StorageException mapped = mapOne(t, doing);
      if (mapped != null) {
        return mapped;
      }
    }
    return error(Code.UNAVAILABLE, "I/O error while " + doing + ": " + e.getMessage(), e);
  }

  /**
   * As {@link #map}, for writes: a missing file or folder there means one vanished under the write
   * (a concurrent delete pruning folders), not a missing object.
   */
  static StorageException mapWrite(IOException e) {
    StorageException mapped = map(e, "writing");
    if (mapped.code() != Code.NOT_FOUND) {
      return mapped;
    }
    return error(
        Code.UNAVAILABLE,
        "A folder disappeared while writing (deleted at the same time?); nothing was stored",
        e);
  }

  private static StorageException mapOne(Throwable t, String doing) {
    if (t instanceof NoSuchFileException) {
      return error(Code.NOT_FOUND, "No such object (" + doing + ")", t);
    }
    if (t instanceof AccessDeniedException) {
      return error(
          Code.PERMISSION_DENIED,
          "The file system denied access while " + doing + ": " + t.getMessage(),
          t);
    }
    String message = t.getMessage() == null ? "" : t.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left") || lower.contains("disk quota")) {
      return error(Code.UNAVAILABLE, "The disk is full while " + doing + ": " + message, t);
    }
    if (lower.contains("read-only file system")) {
      return error(Code.PERMISSION_DENIED, "The file system is read-only: " + message, t);
    }
    if (lower.contains("file name too long")) {
      return error(Code.INVALID_KEY, "Invalid key: the file name is too long for this disk", t);
    }
    if (t instanceof FileNotFoundException) {
      // java.io (which VFS uses) says why only in the message.
      return lower.contains("permission denied")
          ? error(Code.PERMISSION_DENIED, "The file system denied access while " + doing, t)
          : error(Code.NOT_FOUND, "No such object (" + doing + ")", t);
    }
    if (t instanceof FileSystemException) {
      return error(Code.UNAVAILABLE, "I/O error while " + doing + ": " + message, t);
    }
    return null;
  }

  private static StorageException error(Code code, String message, Throwable cause) {
    return StorageException.builder(code, message).cause(cause).build();
  }
}
