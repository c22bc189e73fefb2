package dev.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code size} pseudo-random bytes made on the fly from a seed, so a test can upload objects far
 * larger than it wants to hold and check them by digest; optionally failing with an {@link
 * IOException} once {@code failAt} bytes have been read, like a network source that breaks midway.
 * It records whether it was closed.
 */
public final class GeneratedInputStream extends InputStream {

  private final long size;
  private final long failAt;
  private long state;
  private long position;
  private boolean closed;

  private GeneratedInputStream(long size, long seed, long failAt) {
    this.size = size;
    this.state = seed;
    this.failAt = failAt;
  }

  /** {@code size} bytes from {@code seed}: the same seed always gives the same bytes. */
  public static GeneratedInputStream of(long size, long seed) {
    return new GeneratedInputStream(size, seed, Long.MAX_VALUE);
  }

  /** Like {@link #of}, but the read that reaches {@code failAt} bytes throws. */
  public static GeneratedInputStream failingAt(long size, long seed, long failAt) {
    return new GeneratedInputStream(size, seed, failAt);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (position >= failAt) {
      throw new IOException("the source broke after " + position + " bytes");
    }
    if (len == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, Math.min(size, failAt) - position);
    for (int i = 0; i < n; i++) {
      // 64-bit LCG (Knuth's MMIX constants); the high bits are random enough for test data.
      state = state * 6364136223846793005L + 1442695040888963407L;
      buf[off + i] = (byte) (state >>> 56);
    }
    position += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Whether whoever read it closed it. */
  public boolean closed() {
    return closed;
  }

  /** The SHA-256 of everything {@code in} yields; closes it. */
  public static byte[] sha256(InputStream in) {
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
