package dev.stowage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Copies an upload into a temporary file, computing its MD5 (the ETag, as S3 gives for single-part
 * objects) and forcing it to disk at the end. Failures of the source and of the disk are told
 * apart, because they mean different things to the caller.
 *
 * <p>A stream is copied through a buffer, hashed on the way. A file is copied by the kernel ({@link
 * FileChannel#transferTo}: no byte passes through this process), then the copy is hashed while it
 * is being forced to disk, on a second thread: the ETag is always the MD5 of the bytes stored, and
 * a large upload costs about the longer of the two rather than their sum.
 */
final class ContentWriter {

  private static final int BUFFER_BYTES = 64 * 1024;

  /** Below this a second thread costs more than it saves. */
  private static final long PARALLEL_FORCE_BYTES = 8L * 1024 * 1024;

  private static final int HASH_BUFFER_BYTES = 1024 * 1024;

  /** One transferTo call at most: Linux's sendfile moves under 2 GiB per call anyway. */
  private static final long TRANSFER_STEP_BYTES = 1L << 30;

  /** What was written. */
  record Written(long size, String md5Hex) {}

  /** The upload's own stream failed (a client that went away, a size limit): not the disk. */
  static final class SourceFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceFailedException(long bytesRead, Throwable cause) {
      super(
          "reading the upload failed after " + bytesRead + " bytes: " + cause.getMessage(), cause);
    }
  }

  private ContentWriter() {}

  static Written write(InputStream in, Path tmp) throws IOException {
    MessageDigest md5 = md5();
    byte[] buf = new byte[BUFFER_BYTES];
    long total = 0;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException | RuntimeException e) {
          throw new SourceFailedException(total, e);
        }
        if (n < 0) {
          break;
        }
        md5.update(buf, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
        while (chunk.hasRemaining()) {
          ch.write(chunk);
        }
        total += n;
      }
      ch.force(true);
    }
    return new Written(total, HexFormat.of().formatHex(md5.digest()));
  }

  /**
   * Copies {@code source} into {@code tmp} in the kernel, then hashes and forces the copy.
   *
   * @param opener opens the source as a stream; called only when the file cannot be opened, so the
   *     failure is reported as every other upload of an unreadable file is
   */
  static Written copyFile(Path source, Path tmp, Supplier<InputStream> opener) throws IOException {
    try (FileChannel in = openSource(source, opener);
        FileChannel out =
            FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = 0;
      while (true) {
        long n = in.transferTo(size, TRANSFER_STEP_BYTES, out);
        if (n <= 0) {
          break; // the end of the file (a shorter file than declared fails the caller's check)
        }
        size += n;
      }
      return new Written(
          size,
          size < PARALLEL_FORCE_BYTES ? hashThenForce(out, size) : hashWhileForcing(out, size));
    }
  }

  private static FileChannel openSource(Path source, Supplier<InputStream> opener)
      throws IOException {
    try {
      return FileChannel.open(source, StandardOpenOption.READ);
    } catch (IOException e) {
      // The source's own open reports a missing or unreadable file by its name only (this
      // exception would carry the absolute path); if it opens after all, it failed for a moment.
      try (InputStream ignored = opener.get()) {
        throw new SourceFailedException(0, new IOException("the file could not be opened"));
      } catch (UncheckedIOException again) {
        throw new SourceFailedException(0, again.getCause());
      }
    }
  }

  private static String hashThenForce(FileChannel file, long size) throws IOException {
    String md5 = md5Of(file, size);
    file.force(true);
    return md5;
  }

  private static String hashWhileForcing(FileChannel file, long size) throws IOException {
    CompletableFuture<Void> forced = new CompletableFuture<>();
    Thread fsync =
        new Thread(
            () -> {
              try {
                file.force(true);
                forced.complete(null);
              } catch (Throwable e) {
                forced.completeExceptionally(e);
              }
            },
            "stowage-local-fsync");
    fsync.setDaemon(true);
    fsync.start();
    String md5;
    try {
      md5 = md5Of(file, size);
    } finally {
      // Always wait: the channel must not close under a running force.
      try {
        forced.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw e;
      }
    }
    return md5;
  }

  /** The MD5 of the first {@code size} bytes of {@code file}, read by position. */
  private static String md5Of(FileChannel file, long size) throws IOException {
    MessageDigest md5 = md5();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(HASH_BUFFER_BYTES, Math.max(1, size)));
    long position = 0;
    while (position < size) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - position));
      int n = file.read(buf, position);
      if (n < 0) {
        throw new IOException("the temporary copy ended early");
      }
      md5.update(buf.array(), 0, n);
      position += n;
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
