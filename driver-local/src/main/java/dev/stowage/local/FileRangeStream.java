package dev.stowage.local;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongConsumer;

/**
 * Exactly {@code length} bytes of an open file from a position, then end of stream (earlier if the
 * file was cut short in place); closing it closes the file. Reads are positional, so nothing else
 * moves the position under it.
 *
 * <p>{@link #transferTo} lets the kernel copy where it can: into a {@link FileOutputStream} the
 * bytes go by {@link FileChannel#transferTo} (sendfile or copy_file_range) and never enter this
 * process; into any other stream (the signed-link handler's response body, a socket) they go in
 * large steps instead of {@code InputStream}'s 8 KiB ones.
 */
final class FileRangeStream extends InputStream {

  /** The step for copies the kernel cannot make; large, so 1 GiB is 4,096 writes, not 131,072. */
  static final int COPY_BUFFER_BYTES = 256 * 1024;

  private final FileChannel channel;
  private final long end;
  private long position;
  private boolean closed;

  FileRangeStream(FileChannel channel, long start, long length) {
    this.channel = channel;
    this.position = start;
    this.end = start + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    if (len == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(buf, off, (int) Math.min(len, end - position)), position);
    if (n < 0) {
      position = end; // the file was cut short in place: end here, as a shorter file would
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
  }

  /**
   * Lets the kernel copy the rest into {@code target} at its current position (copy_file_range or
   * sendfile), in steps of {@code step} bytes, telling {@code progress} each step's count; returns
   * the bytes copied (fewer than asked if the file was cut short in place).
   */
  long transferTo(FileChannel target, long step, LongConsumer progress) throws IOException {
    long copied = 0;
    while (position < end) {
      long n = channel.transferTo(position, Math.min(step, end - position), target);
      if (n <= 0) {
        break; // the file ended early
      }
      position += n;
      copied += n;
      progress.accept(n);
    }
    return copied;
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    java.util.Objects.requireNonNull(out, "out");
    long copied = 0;
    if (out instanceof FileOutputStream file) {
      FileChannel target = file.getChannel();
      while (position < end) {
        long n = channel.transferTo(position, end - position, target);
        if (n <= 0) {
          if (position >= channel.size()) {
            position = end; // cut short in place
            break;
          }
          continue;
        }
        position += n;
        copied += n;
      }
      return copied;
    }
    byte[] buf = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end - position))];
    int n;
    while ((n = read(buf, 0, buf.length)) > 0) {
      out.write(buf, 0, n);
      copied += n;
    }
    return copied;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    channel.close();
  }
}
