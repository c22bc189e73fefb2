package dev.stowage.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stream that hashes (SHA-256) and counts the bytes read through it, so a migration checks a copy
 * against exactly the bytes it sent without holding them.
 */
final class MigrationDigest extends FilterInputStream {

  private final MessageDigest sha = newSha256();
  private String hex;
  private long count;
  private boolean readFailed;

  MigrationDigest(InputStream in) {
    super(in);
  }

  /** Reads {@code in} to its end and closes it; returns its digest. */
  static MigrationDigest drain(InputStream in) throws IOException {
    try (MigrationDigest d = new MigrationDigest(in)) {
      byte[] buffer = new byte[64 * 1024];
      while (d.read(buffer, 0, buffer.length) >= 0) {
        // hashing as it reads
      }
      return d;
    }
  }

  /** Whether reading the underlying stream failed (the source's fault, not the destination's). */
  boolean readFailed() {
    return readFailed;
  }

  long count() {
    return count;
  }

  /** The SHA-256 of what was read, in lower-case hex; ask after the last read. */
  String sha256() {
    if (hex == null) {
      hex = HexFormat.of().formatHex(sha.digest());
    }
    return hex;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException | RuntimeException e) {
      readFailed = true;
      throw e;
    }
    if (b >= 0) {
      sha.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      readFailed = true;
      throw e;
    }
    if (n > 0) {
      sha.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed: read them instead.
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
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

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
