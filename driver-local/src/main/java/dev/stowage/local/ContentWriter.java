package dev.stowage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies an upload into a temporary file, computing its MD5 on the way (the ETag, as S3 gives for
 * single-part objects) and forcing it to disk at the end. Failures of the source and of the disk
 * are told apart, because they mean different things to the caller.
 */
final class ContentWriter {

  private static final int BUFFER_BYTES = 64 * 1024;

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

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
