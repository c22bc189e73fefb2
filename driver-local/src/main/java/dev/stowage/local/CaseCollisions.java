package dev.stowage.local;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keys that only differ in case, on a root whose file system ignores case (macOS and Windows by
 * default, FAT, ext4 folders with casefold): there {@code A.txt} and {@code a.txt} are one file, so
 * storing the second would silently replace the first and deleting it would delete the first. Every
 * operation on one key looks for such a twin on disk first: an upload to a key whose twin exists
 * fails with {@code INVALID_KEY} naming both keys, a stat or download of it is {@code NOT_FOUND},
 * and a delete of it deletes nothing. On a file system that tells case apart nothing is checked.
 */
final class CaseCollisions {

  private final Path root;
  private final boolean ignoresCase;

  /**
   * @param ignoresCase whether the root's file system ignores case (see {@link CaseProbe})
   */
  CaseCollisions(Path root, boolean ignoresCase) {
    this.root = root;
    this.ignoresCase = ignoresCase;
  }

  boolean ignoresCase() {
    return ignoresCase;
  }

  /**
   * The key under which locks are taken: twins share one, so two racing uploads of {@code A.txt}
   * and {@code a.txt} are serialised and the second finds the first.
   */
  String lockName(String key) {
    return ignoresCase ? key.toLowerCase(Locale.ROOT) : key;
  }

  /** Fails with {@code INVALID_KEY} when {@code key}'s file or a folder on its way has a twin. */
  void refuseTwin(String key) throws IOException {
    String twin = twin(key);
    if (twin != null) {
      throw StorageException.of(
          Code.INVALID_KEY,
          "Invalid key: '"
              + Keys.printable(key)
              + "' differs only in case from the existing "
              + (twin.endsWith("/") ? "folder '" : "key '")
              + Keys.printable(twin)
              + "', and the file system of this store's root does not tell upper from lower case:"
              + " the two would be one file. Use the existing spelling, or another name");
    }
  }

  /**
   * The existing key (or folder, ending in {@code /}) that {@code key} would land on although it is
   * spelled differently, or null. Reads each folder on the key's path that exists, one listing per
   * level: names are compared as Java compares them ignoring case, which is what FAT, NTFS and APFS
   * do for every letter that has a case.
   */
  String twin(String key) throws IOException {
    if (!ignoresCase) {
      return null;
    }
    Path dir = root;
    StringBuilder onDisk = new StringBuilder();
    String[] segments = key.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String name = entryNamed(dir, segments[i]);
      if (name == null) {
        return null; // nothing of that name: nothing further down either
      }
      onDisk.append(name);
      boolean last = i == segments.length - 1;
      if (!name.equals(segments[i])) {
        return last ? onDisk.toString() : onDisk.append('/').toString();
      }
      if (last) {
        return null;
      }
      onDisk.append('/');
      dir = dir.resolve(name);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return null; // a file in the way: the upload reports that clash itself
      }
    }
    return null;
  }

  /** The entry of {@code dir} named {@code name} ignoring case, the exact spelling first. */
  private static String entryNamed(Path dir, String name) throws IOException {
    String variant = null;
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(dir, p -> p.getFileName().toString().equalsIgnoreCase(name))) {
      for (Path entry : entries) {
        String found = entry.getFileName().toString();
        if (found.equals(name)) {
          return found;
        }
        variant = found;
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null; // removed meanwhile, or never a folder: no twin in it
    }
    return variant;
  }
}
