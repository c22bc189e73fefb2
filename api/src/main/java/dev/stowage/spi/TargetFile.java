package dev.stowage.spi;

import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Writes a download to a file atomically, for {@link StorageDriver#download(String, Path,
 * dev.stowage.ProgressListener)} and its overrides: the bytes go to a temporary file beside the
 * target ({@code .stowage-download-*.tmp}, owner-only where the file system has POSIX permissions),
 * which is forced to disk and then renamed over the target. On any failure the temporary file is
 * removed and the target is untouched (an existing file stays as it was).
 */
public final class TargetFile {

  /** How much a copy moves per step: large enough for few system calls, small enough to pool. */
  public static final int COPY_STEP = 256 * 1024;

  private static final String TEMP_PREFIX = ".stowage-download-";
  private static final String TEMP_SUFFIX = ".tmp";

  private TargetFile() {}

  /** Fills the open temporary file and says what was written. */
  @FunctionalInterface
  public interface Filler {
    ObjectInfo fill(FileChannel file) throws IOException;
  }

  /**
   * Fails with {@code INVALID_ARGUMENT} unless {@code target} names a file (new or existing) in a
   * folder that exists.
   */
  public static Path check(Path target) {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent == null || absolute.getFileName() == null) {
      throw StorageException.of(Code.INVALID_ARGUMENT, "The download's target is not a file name");
    }
    if (!Files.isDirectory(parent)) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT, "The download's target folder does not exist");
    }
    if (Files.isDirectory(absolute)) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT, "The download's target is a folder, not a file");
    }
    return absolute;
  }

  /**
   * Creates the temporary file, lets {@code filler} write it, forces it to disk and renames it over
   * {@code target}; returns what the filler returned. A {@link StorageException} from the filler
   * passes as it is; an {@link IOException} becomes {@code UNAVAILABLE}.
   */
  public static ObjectInfo write(Path target, Filler filler) {
    Path absolute = check(target);
    Path parent = absolute.getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(parent, TEMP_PREFIX, TEMP_SUFFIX);
      ObjectInfo info;
      try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        info = filler.fill(file);
        file.force(true);
      }
      move(tmp, absolute);
      tmp = null;
      syncDirectory(parent);
      return info;
    } catch (IOException e) {
      throw failed(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * Copies {@code in} to {@code file} from {@code position} in {@link #COPY_STEP} steps by
   * positional writes (several parts may write one file at once), telling {@code progress} each
   * step's byte count; returns the bytes copied.
   */
  public static long copy(InputStream in, FileChannel file, long position, LongConsumer progress)
      throws IOException {
    byte[] step = new byte[COPY_STEP];
    ByteBuffer buf = ByteBuffer.wrap(step);
    long copied = 0;
    while (true) {
      int n = in.readNBytes(step, 0, step.length);
      if (n <= 0) {
        return copied;
      }
      buf.clear().limit(n);
      while (buf.hasRemaining()) {
        copied += file.write(buf, position + copied);
      }
      progress.accept(n);
      if (n < step.length) {
        return copied; // readNBytes fills the step unless the stream ended
      }
    }
  }

  /**
   * An {@code UNAVAILABLE} error for a failed transfer: the operating system's reason for a file
   * failure (never its path), the message of a plain {@link IOException} (what drivers throw
   * themselves) and of the JDK's socket failures, and only the class of any other (an HTTP parser's
   * message may quote what the server sent, a file exception's the path).
   */
  public static StorageException failed(IOException e) {
    String detail;
    if (e instanceof FileSystemException fs) {
      detail = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
    } else if (e.getClass() == IOException.class) {
      detail = e.getMessage();
    } else if (e.getClass().getName().startsWith("java.net.")) {
      detail = e.toString();
    } else {
      detail = e.getClass().getSimpleName();
    }
    return StorageException.builder(Code.UNAVAILABLE, "Downloading failed: " + detail)
        // A file exception's message names the path: it stays out of the chain too.
        .cause(e instanceof FileSystemException ? null : e)
        .build();
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Best effort: some platforms cannot open a folder, and the rename is atomic already. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported here.
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more to do; the name says what it is.
    }
  }
}
