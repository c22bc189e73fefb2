package dev.stowage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the short "move into place" step of writers and deleters of one key, so its data file
 * and its sidecar change together: a thread lock inside this JVM plus an OS file lock for other
 * processes sharing the root. Striped: a fixed number of lock files under {@code .stowage/locks/},
 * whatever the number of keys.
 */
final class KeyLocks {

  private static final int STRIPES = 64;

  /**
   * One thread lock per lock file, for the whole JVM: two drivers on one root must share it,
   * because a JVM may hold an OS lock on a file only once (a second one throws).
   */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final KeyPaths paths;
  private final AtomicFiles files;
  private final CaseCollisions cases;

  /** A lock held; closing releases it. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  KeyLocks(KeyPaths paths, AtomicFiles files, CaseCollisions cases) {
    this.paths = paths;
    this.files = files;
    this.cases = cases;
  }

  Held lock(String key) throws IOException {
    Path dir = paths.rootReal().resolve(KeyPaths.RESERVED_DIR).resolve("locks");
    // Keys that name one file (A.txt, a.txt where case is ignored) share a lock.
    Path file = dir.resolve(Math.floorMod(cases.lockName(key).hashCode(), STRIPES) + ".lock");
    ReentrantLock local = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    local.lock();
    try {
      files.createDirectories(dir);
      FileChannel channel = FileChannel.open(file, OPTIONS, attributes());
      try {
        FileLock lock = channel.lock();
        return () -> {
          try {
            lock.release();
            channel.close();
          } catch (IOException e) {
            // Closing the channel releases the lock in any case.
          } finally {
            local.unlock();
          }
        };
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  private static final Set<OpenOption> OPTIONS =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

  private FileAttribute<?>[] attributes() {
    return files.posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_FILE)}
        : new FileAttribute<?>[0];
  }
}
