package dev.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code size} pseudo-random bytes made on the fly from a seed, so the kit can upload objects far
 * larger than it wants to hold and check them by digest. It records whether it was closed.
 */
final class GeneratedInputStream extends InputStream {

  private final long size;
  private long state;
  private long position;
  private boolean closed;

  GeneratedInputStream(long size, long seed) {
    this.size = size;
    this.state = seed;
  }

  @Override
  public int read() {
    if (position >= size) {
      return -1;
    }
    position++;
    return next() & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      buf[off + i] = (byte) next();
    }
    position += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  private int next() {
    // 64-bit LCG (Knuth's MMIX constants); the high bits are random enough for test data.
    state = state * 6364136223846793005L + 1442695040888963407L;
    return (int) (state >>> 56);
  }

  /** The SHA-256 of everything {@code in} yields; closes it. */
  static byte[] sha256(InputStream in) {
    try (DigestInputStream digest =
        new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      digest.transferTo(OutputStream.nullOutputStream());
      return digest.getMessageDigest().digest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
