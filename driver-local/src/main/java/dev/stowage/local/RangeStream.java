package dev.stowage.local;

import dev.stowage.spi.BoundedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.RandomAccessContent;

/**
 * Exactly {@code length} bytes of an open file, then end of stream; closing it releases the VFS
 * random-access handle and file object the bytes come from.
 */
final class RangeStream extends BoundedInputStream {

  private final RandomAccessContent content;
  private final FileObject file;
  private boolean closed;

  RangeStream(InputStream in, long length, RandomAccessContent content, FileObject file) {
    super(in, length);
    this.content = content;
    this.file = file;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
      content.close();
    } finally {
      file.close();
    }
  }
}
