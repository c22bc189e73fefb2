package dev.stowage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A request body streamed from the SDK's {@link ContentStreamProvider}, never buffered: a stream is
 * opened for each write and exactly {@code length} bytes are sent when the length is known (a
 * stream that ends early fails the request rather than leave the server waiting), chunked when it
 * is not. Content-Type and Content-Encoding travel as the SDK's own headers, not from here.
 */
final class ContentStreamEntity extends AbstractHttpEntity {

  private static final int BUFFER = 64 * 1024;

  private final ContentStreamProvider provider;
  private final long length;

  /** {@code length} is the body's byte count, or negative when unknown (sent chunked). */
  ContentStreamEntity(ContentStreamProvider provider, long length) {
    super((ContentType) null, null, length < 0);
    this.provider = Objects.requireNonNull(provider, "provider");
    this.length = length;
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public InputStream getContent() {
    return provider.newStream();
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    try (InputStream in = provider.newStream()) {
      if (length < 0) {
        in.transferTo(out);
        return;
      }
      byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
      long remaining = length;
      while (remaining > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (read < 0) {
          throw new IOException(
              "The request body ended after " + (length - remaining) + " of " + length + " bytes");
        }
        out.write(buffer, 0, read);
        remaining -= read;
      }
      if (in.read() >= 0) {
        // A body longer than declared would be stored cut short, and reported as a success.
        throw new IOException("The request body is longer than its declared " + length + " bytes");
      }
    }
  }

  @Override
  public void close() {
    // Nothing held: each write opens and closes its own stream.
  }
}
