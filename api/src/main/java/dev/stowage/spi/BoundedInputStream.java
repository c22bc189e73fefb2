package dev.stowage.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A driver's download stream: exactly {@code length} bytes of the source, then end of stream, even
 * if the source goes on. Subclasses decide what closing means (release a file handle, abort a
 * connection that still has bytes to send); {@link #remaining()} tells them whether the reader
 * stopped early. No mark/reset: the count would go wrong.
 */
public class BoundedInputStream extends FilterInputStream {

  private long remaining;

  public BoundedInputStream(InputStream in, long length) {
    super(in);
    this.remaining = length;
  }

  /** Bytes still to come before the end; 0 once the source ended early too. */
  protected final long remaining() {
    return remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    remaining = b < 0 ? 0 : remaining - 1;
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(buf, off, (int) Math.min(len, remaining));
    remaining = n < 0 ? 0 : remaining - n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
