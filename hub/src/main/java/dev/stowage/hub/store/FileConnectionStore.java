package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link ConnectionStore} in one text file (format: {@link StoreFileFormat}), for a single server
 * or a few sharing a disk. Every change rewrites the whole file: written to a temporary file beside
 * it, forced to disk, moved over the old one atomically, and the directory forced too, so a crash
 * leaves the old content or the new, never a torn file. The file is readable by its owner only
 * (0600 where the file system has POSIX permissions).
 *
 * <p>Hubs in several JVMs may share the file: writers take an OS lock on {@code <file>.lock} and
 * re-read the file under it, so versions are checked against what is really stored; readers re-read
 * the file whenever its size, time or identity (inode) changed. Each change costs a rewrite of the
 * whole file: for many thousands of known files, use {@link JdbcConnectionStore}.
 *
 * <p>A file that cannot be parsed (torn by hand, truncated, from a newer Stowage) fails every call
 * with {@code CONFIG_INVALID} naming the file; the store never starts empty over it.
 */
public final class FileConnectionStore implements ConnectionStore {

  /** One lock per lock file in this JVM: an OS file lock is held per process, not per thread. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path file;
  private final Path lockFile;
  private final String shownName;
  private final ReentrantLock jvmLock;

  /** Test hook: runs after the temporary file is written and forced, before the move. */
  volatile Consumer<Path> beforeMove = p -> {};

  private ConnectionTables cached;
  private FileStamp cachedStamp;

  private FileConnectionStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.shownName = file.toString();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
  }

  /**
   * A store on {@code file}, created (with its parent folders) at the first change if it does not
   * exist yet. Messages name the file as given here.
   */
  public static FileConnectionStore open(Path file) {
    Objects.requireNonNull(file, "file");
    if (file.getFileName() == null) {
      throw StorageException.of(
          Code.CONFIG_INVALID, "The connection store file " + file + " names no file");
    }
    return new FileConnectionStore(file);
  }

  @Override
  public List<ConnectionRecord> connections() {
    return read(ConnectionTables::connections);
  }

  @Override
  public Optional<ConnectionRecord> connection(String id) {
    Objects.requireNonNull(id, "id");
    return read(t -> t.connection(id));
  }

  @Override
  public void insert(ConnectionRecord record) {
    Objects.requireNonNull(record, "record");
    change(t -> t.insert(record));
  }

  @Override
  public void update(ConnectionRecord record) {
    Objects.requireNonNull(record, "record");
    change(t -> t.update(record));
  }

  @Override
  public void delete(String id, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    change(t -> t.delete(id, expectedVersion));
  }

  @Override
  public Optional<String> uploadTarget() {
    return read(ConnectionTables::uploadTarget);
  }

  @Override
  public void uploadTarget(String id) {
    Objects.requireNonNull(id, "id");
    change(t -> t.uploadTarget(id));
  }

  @Override
  public void putFile(FileRecord fileRecord) {
    Objects.requireNonNull(fileRecord, "file");
    change(t -> t.putFile(fileRecord));
  }

  @Override
  public Optional<FileRecord> file(String connectionId, int location, String key) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    return read(t -> t.file(connectionId, location, key));
  }

  @Override
  public void deleteFile(String connectionId, int location, String key) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    change(
        t -> {
          if (t.file(connectionId, location, key).isPresent()) {
            t.deleteFile(connectionId, location, key);
          }
        });
  }

  @Override
  public long countFiles(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId");
    return read(t -> t.countFiles(connectionId, false));
  }

  @Override
  public long countLiveFiles(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId");
    return read(t -> t.countFiles(connectionId, true));
  }

  @Override
  public List<FileRecord> files(
      String connectionId, int location, Optional<String> startAfter, int limit) {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(startAfter, "startAfter");
    return read(t -> t.files(connectionId, location, startAfter, limit));
  }

  /** Answers from the cached content, re-read first if the file changed on disk. */
  private synchronized <T> T read(Function<ConnectionTables, T> query) {
    FileStamp now = stamp();
    if (cached == null || !now.equals(cachedStamp)) {
      cached = load(now);
      cachedStamp = now;
    }
    return query.apply(cached);
  }

  /**
   * Applies a change to what is on disk now, under the JVM's and the OS's lock, and writes the
   * result. A change that throws (a version conflict) writes nothing.
   */
  private synchronized void change(Consumer<ConnectionTables> edit) {
    jvmLock.lock();
    try (FileChannel lockChannel = openLockFile();
        FileLock ignored = lockChannel.lock()) {
      // Under the lock nobody else writes: read what is stored, not what we cached.
      FileStamp before = stamp();
      ConnectionTables tables = load(before).copy();
      edit.accept(tables);
      byte[] bytes = StoreFileFormat.write(tables);
      removeLeftoverTemporaryFiles();
      replace(bytes);
      cached = tables;
      cachedStamp = stamp();
    } catch (IOException e) {
      throw unavailable("cannot be written", e);
    } catch (UncheckedIOException e) {
      throw unavailable("cannot be written", e.getCause());
    } finally {
      jvmLock.unlock();
    }
  }

  private ConnectionTables load(FileStamp stamp) {
    if (!stamp.exists()) {
      return new ConnectionTables();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      // Replaced between the stamp and the read: the next call sees the new stamp.
      return load(stamp());
    } catch (IOException e) {
      throw unavailable("cannot be read", e);
    }
    return StoreFileFormat.parse(bytes, shownName);
  }

  private void replace(byte[] bytes) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName() + ".tmp-", "", ownerOnly());
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      beforeMove.accept(temp);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      forceDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Temporary files of writers that crashed; under the lock no live writer owns one. */
  private void removeLeftoverTemporaryFiles() throws IOException {
    String prefix = file.getFileName() + ".tmp-";
    // A filter, not a glob: the file's own name may hold glob characters such as '['.
    DirectoryStream.Filter<Path> temporary = p -> p.getFileName().toString().startsWith(prefix);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(file.getParent(), temporary)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // No folder yet: nothing left over.
    }
  }

  /** Makes the rename itself durable; not every OS lets a directory be opened (Windows). */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort where the OS has no directory fsync.
    }
  }

  private FileChannel openLockFile() throws IOException {
    Files.createDirectories(lockFile.getParent());
    try {
      Files.createFile(lockFile, ownerOnly());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Kept for good: deleting a lock file lets two writers lock two different files.
    }
    return FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  private FileStamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(true, a.size(), a.lastModifiedTime(), a.fileKey());
    } catch (NoSuchFileException e) {
      return FileStamp.MISSING;
    } catch (IOException e) {
      throw unavailable("cannot be read", e);
    }
  }

  private StorageException unavailable(String what, IOException e) {
    // The OS reason only (its message would repeat the absolute path).
    String reason = e.getClass().getSimpleName();
    return StorageException.of(
        Code.UNAVAILABLE, "The connection store file " + shownName + " " + what + ": " + reason);
  }

  /** What tells that the file changed: a rewrite gives it a new identity (inode) too. */
  private record FileStamp(boolean exists, long size, FileTime modified, Object key) {
    static final FileStamp MISSING = new FileStamp(false, -1, null, null);
  }
}
