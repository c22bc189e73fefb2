package dev.stowage.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a file on disk cannot hold: content type, user metadata, {@code Content-Disposition} and the
 * ETag, kept as a UTF-8 properties file beside the data tree. It records the key (so an operator
 * can tell whose it is) and the size it was written for: a sidecar whose size differs from the
 * file's describes other content (the file was replaced by hand) and is ignored.
 */
record Sidecar(
    String key,
    long size,
    String etag,
    String contentType,
    String contentDisposition,
    Map<String, String> metadata) {

  private static final String META = "meta.";

  Sidecar {
    metadata = Map.copyOf(metadata);
  }

  /** Whether this sidecar describes the file of {@code key} with {@code fileSize} bytes. */
  boolean describes(String key, long fileSize) {
    return this.key.equals(key) && size == fileSize;
  }

  byte[] toBytes() {
    Properties p = new Properties();
    p.setProperty("key", key);
    p.setProperty("size", Long.toString(size));
    p.setProperty("etag", etag);
    p.setProperty("contentType", contentType);
    if (contentDisposition != null) {
      p.setProperty("contentDisposition", contentDisposition);
    }
    new TreeMap<>(metadata).forEach((k, v) -> p.setProperty(META + k, v));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      p.store(w, "stowage local driver: metadata of one object");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The sidecar at {@code path}, or empty when there is none or it cannot be understood. */
  static Optional<Sidecar> read(Path path) throws IOException {
    Properties p = new Properties();
    try (Reader r = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a malformed \\u escape: treat as no sidecar
    }
    String key = p.getProperty("key");
    String size = p.getProperty("size");
    String etag = p.getProperty("etag");
    String contentType = p.getProperty("contentType");
    if (key == null || size == null || etag == null || contentType == null) {
      return Optional.empty();
    }
    Map<String, String> metadata = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(META)) {
        metadata.put(name.substring(META.length()), p.getProperty(name));
      }
    }
    try {
      return Optional.of(
          new Sidecar(
              key,
              Long.parseLong(size),
              etag,
              contentType,
              p.getProperty("contentDisposition"),
              metadata));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
