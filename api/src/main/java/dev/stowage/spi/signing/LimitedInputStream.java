package dev.stowage.spi.signing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails the read that would pass a byte limit, so a driver's upload aborts (and cleans up) before
 * an oversized body is stored.
 */
final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private long count;
  private boolean exceeded;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(long n) throws IOException {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new IOException("upload exceeds the limit of " + limit + " bytes");
    }
  }
}
