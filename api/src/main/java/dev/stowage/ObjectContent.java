package dev.stowage;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An open download: the object's info and a stream of its bytes (or of the requested range). Close
 * it, ideally with try-with-resources, to release the connection or file handle.
 */
public final class ObjectContent implements Closeable {

  private final ObjectInfo info;

  /** {@link #length()} when the server did not say how long the body is. */
  public static final long UNKNOWN_LENGTH = -1;

  private final InputStream stream;
  private final long rangeStart;
  private final long length;

  /**
   * @param info the object's info (size is the whole object's size)
   * @param stream the bytes from {@code rangeStart}, {@code length} of them
   * @param length how many bytes the stream yields, or {@link #UNKNOWN_LENGTH} when the server did
   *     not say (the stream then ends where the object does, and the info's size is 0)
   */
  public ObjectContent(ObjectInfo info, InputStream stream, long rangeStart, long length) {
    this.info = Objects.requireNonNull(info, "info");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.rangeStart = rangeStart;
    this.length = length;
  }

  /** Content for a whole object. */
  public static ObjectContent whole(ObjectInfo info, InputStream stream) {
    return new ObjectContent(info, stream, 0, info.size());
  }

  public ObjectInfo info() {
    return info;
  }

  public InputStream stream() {
    return stream;
  }

  /** Offset of the first byte in {@link #stream()} within the object. */
  public long rangeStart() {
    return rangeStart;
  }

  /** How many bytes {@link #stream()} yields, or {@link #UNKNOWN_LENGTH}. */
  public long length() {
    return length;
  }

  /** Reads everything into memory; for small objects and tests only. */
  public byte[] readAllBytes() {
    try (InputStream in = stream) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.max(0, Math.min(length, 1 << 20)));
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
