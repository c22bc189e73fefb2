package dev.stowage.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A download's stream that holds a lease on its store until closed, so replacing the store (an
 * edit, a rotated key) does not cut a download in flight.
 */
final class LeasedInputStream extends FilterInputStream {

  private final Lease lease;

  LeasedInputStream(InputStream in, Lease lease) {
    super(in);
    this.lease = lease;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      lease.close();
    }
  }
}
