package dev.stowage.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/** The first {@code length} bytes of a buffer from {@link PartBuffers}: a part, or part of one. */
record Chunk(byte[] buffer, int length) {

  InputStream stream() {
    return new ByteArrayInputStream(buffer, 0, length);
  }

  /**
   * A request body over the chunks without copying them. The SDK may read it more than once (to
   * sign the payload, then to send it, and again on a retry): each read gets a fresh stream.
   */
  static RequestBody body(List<Chunk> chunks, String contentType) {
    long length = chunks.stream().mapToLong(Chunk::length).sum();
    List<Chunk> parts = List.copyOf(chunks);
    return RequestBody.fromContentProvider(
        () -> {
          List<InputStream> streams = new ArrayList<>(parts.size());
          parts.forEach(c -> streams.add(c.stream()));
          return new SequenceInputStream(Collections.enumeration(streams));
        },
        length,
        contentType);
  }
}
