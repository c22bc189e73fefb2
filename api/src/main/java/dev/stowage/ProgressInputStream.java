package dev.stowage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes a driver reads from an upload source and tells the listener. */
final class ProgressInputStream extends FilterInputStream {

  private final long total;
  private final ProgressListener listener;
  private long sent;

  public ProgressInputStream(InputStream in, long total, ProgressListener listener) {
    super(in);
    this.total = total;
    this.listener = listener;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      advance(skipped);
    }
    return skipped;
  }

  private void advance(long n) {
    sent += n;
    listener.onProgress(sent, total);
  }
}
