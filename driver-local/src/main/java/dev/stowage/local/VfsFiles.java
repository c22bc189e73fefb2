package dev.stowage.local;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.LongFunction;
import org.apache.commons.vfs2.CacheStrategy;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.local.DefaultLocalFileProvider;

/**
 * The Commons VFS side of the driver: a private file system manager for local files, used to stat,
 * resolve the files to read (whose bytes then come through a {@link FileChannel}) and delete. Paths
 * reach VFS only as {@link File}s (never as URI strings it would percent-decode), and every
 * resolved name is compared with the path asked for.
 */
final class VfsFiles implements AutoCloseable {

  /** Size and last change of a regular file. */
  record Stat(long size, Instant lastModified) {}

  /**
   * A file opened for reading: its length as opened, and a stream of {@code length} bytes from
   * {@code start}.
   */
  record Opened(long size, Instant lastModified, long start, long length, FileRangeStream stream) {}

  private final DefaultFileSystemManager manager;

  VfsFiles() {
    manager = new DefaultFileSystemManager();
    try {
      manager.addProvider("file", new DefaultLocalFileProvider());
      // Not VFS.getManager(): the shared default manager caches FileObjects with their
      // attributes, so after this driver renames a new file into place it would go on reporting
      // the old size and date. No cache, and every lookup resolves afresh.
      manager.setFilesCache(new NullFilesCache());
      manager.setCacheStrategy(CacheStrategy.ON_RESOLVE);
      manager.init();
    } catch (FileSystemException e) {
      manager.close();
      throw StorageException.builder(Code.UNEXPECTED, "Commons VFS failed to start: " + e)
          .cause(e)
          .build();
    }
  }

  /** Size and date of a regular file, or null when there is none (a directory counts as none). */
  Stat stat(Path path) throws IOException {
    try (FileObject file = resolve(path)) {
      if (!file.isFile()) {
        return null;
      }
      return new Stat(
          file.getContent().getSize(),
          Instant.ofEpochMilli(file.getContent().getLastModifiedTime()));
    }
  }

  /**
   * Opens a regular file for reading, or returns null when there is none. The length is taken from
   * the open handle, so it matches the bytes read even if the file is replaced meanwhile.
   *
   * @param range resolves {@code [first, last]} from the file's length; null reads everything
   */
  Opened open(Path path, LongFunction<long[]> range) throws IOException {
    try {
      return openChecked(path, range);
    } catch (FileSystemException e) {
      throw diagnose(e, path, path, "read");
    }
  }

  private Opened openChecked(Path path, LongFunction<long[]> range) throws IOException {
    Instant lastModified;
    try (FileObject file = resolve(path)) {
      if (!file.isFile()) {
        return null;
      }
      lastModified = Instant.ofEpochMilli(file.getContent().getLastModifiedTime());
    }
    // The bytes come through java.nio on the path VFS just resolved and checked: a FileChannel
    // reads by position and lets the kernel copy a download into a file (see FileRangeStream).
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null; // deleted since
    }
    try {
      long size = channel.size();
      long[] span = range == null ? new long[] {0, size - 1} : range.apply(size);
      long length = span[1] - span[0] + 1;
      return new Opened(
          size, lastModified, span[0], length, new FileRangeStream(channel, span[0], length));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Deletes a regular file; false when there was none. */
  boolean deleteFile(Path path) throws IOException {
    try (FileObject file = resolve(path)) {
      return file.isFile() && file.delete();
    } catch (FileSystemException e) {
      throw diagnose(e, path, path.getParent(), "delete");
    }
  }

  /**
   * VFS reports a refused open or delete only as "could not"; java.io dropped the reason. Asks the
   * file system whether it is a permission problem, so the caller gets the right code.
   */
  private static IOException diagnose(
      FileSystemException e, Path path, Path needsAccess, String what) {
    boolean allowed =
        what.equals("delete") ? Files.isWritable(needsAccess) : Files.isReadable(needsAccess);
    if (Files.exists(path) && !allowed) {
      AccessDeniedException denied =
          new AccessDeniedException(path.toString(), null, "cannot " + what);
      denied.initCause(e);
      return denied;
    }
    return e;
  }

  private FileObject resolve(Path path) throws FileSystemException {
    FileObject file = manager.toFileObject(path.toFile());
    String want = path.toString().replace(File.separatorChar, '/');
    String got = file.getName().getPathDecoded();
    if (!got.equals(want) && !got.equals("/" + want)) {
      file.close();
      throw StorageException.of(
          Code.INVALID_KEY, "Invalid key: Commons VFS resolved it to a different file; refused");
    }
    return file;
  }

  @Override
  public void close() {
    manager.close();
  }
}
