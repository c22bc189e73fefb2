package dev.stowage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The java.nio side of writing: what Commons VFS cannot promise. New content goes to a temporary
 * file in the target's own directory (a rename is atomic only within one file system), is forced to
 * disk, then renamed over the target, so a reader sees the old file or the new one, never a part.
 * Files are created 0600 and directories 0700 where the file system has POSIX permissions.
 */
final class AtomicFiles {

  static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private final boolean posix;

  AtomicFiles(boolean posix) {
    this.posix = posix;
  }

  boolean posix() {
    return posix;
  }

  /** Creates {@code dir} and its missing parents, each 0700. */
  void createDirectories(Path dir) throws IOException {
    if (posix) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** A new empty 0600 file named {@code .stowage-tmp-<random>} in {@code dir}. */
  Path createTemp(Path dir) throws IOException {
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
            : new FileAttribute<?>[0];
    return Files.createTempFile(dir, KeyPaths.TEMP_PREFIX, "", attrs);
  }

  /** Writes {@code bytes} to a new temporary file in {@code dir}, forced to disk. */
  Path writeTemp(Path dir, byte[] bytes) throws IOException {
    Path tmp = createTemp(dir);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return tmp;
  }

  /** Replaces {@code target}'s content with {@code bytes} atomically; nothing left on failure. */
  void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemp(target.getParent(), bytes);
    try {
      replace(tmp, target);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /** Renames {@code tmp} over {@code target} atomically, then syncs the directory entry. */
  void replace(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.getParent());
  }

  /**
   * Puts {@code tmp} at {@code target} only if nothing is there, atomically against every other
   * writer, or throws {@link FileAlreadyExistsException}. A hard link fails when the name exists (a
   * rename would silently replace it); the temporary name is removed afterwards.
   */
  void createNew(Path tmp, Path target) throws IOException {
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // Some file systems (FAT, some network mounts) have no hard links.
      claimThenReplace(tmp, target);
      return;
    }
    Files.delete(tmp);
    syncDirectory(target.getParent());
  }

  /**
   * Without hard links: claim the name with an exclusive create (still atomic against other
   * writers), then rename the content over the claimed empty file. A reader may see that empty file
   * for a moment; it never sees a partial one.
   */
  private void claimThenReplace(Path tmp, Path target) throws IOException {
    Files.newByteChannel(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    try {
      replace(tmp, target);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(target);
      throw e;
    }
  }

  /**
   * Forces a directory's entries to disk so a rename survives a power cut. Best effort: some
   * platforms (Windows) cannot open a directory, and the rename itself is already atomic.
   */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported here; nothing to do.
    }
  }

  static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort: a leftover temporary file is invisible to listings and reads.
    }
  }
}
