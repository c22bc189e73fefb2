package dev.stowage.spi;

import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The bytes of an upload: a byte array, a file, or a stream whose length may be unknown ({@code
 * -1}). A stream source can be opened once; the others any number of times (a driver may retry with
 * them).
 */
public abstract class UploadSource {

  private UploadSource() {}

  /** The length in bytes, or -1 when not known in advance. */
  public abstract long length();

  /** Whether {@link #open()} may be called more than once. */
  public abstract boolean repeatable();

  /** The bytes from the start. */
  public abstract InputStream open();

  /**
   * The file these bytes are, when the source is one and nothing needs to see the bytes on their
   * way (no progress listener): a driver may then let the operating system copy or read it by
   * position instead of streaming it through {@link #open()}. Empty for bytes and streams.
   */
  public Optional<Path> file() {
    return Optional.empty();
  }

  public static UploadSource ofBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new UploadSource() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public boolean repeatable() {
        return true;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  public static UploadSource ofPath(Path path) {
    Objects.requireNonNull(path, "path");
    return new UploadSource() {
      @Override
      public long length() {
        try {
          return Files.size(path);
        } catch (IOException e) {
          throw unreadable(path, e);
        }
      }

      @Override
      public boolean repeatable() {
        return true;
      }

      @Override
      public Optional<Path> file() {
        return Optional.of(path);
      }

      @Override
      public InputStream open() {
        try {
          return Files.newInputStream(path);
        } catch (IOException e) {
          throw unreadable(path, e);
        }
      }
    };
  }

  /**
   * A file that is missing, not a file, or not readable is the caller's mistake, which trying again
   * does not fix: INVALID_ARGUMENT naming the file (its name only). Other I/O failures stay
   * unchecked I/O errors.
   */
  private static RuntimeException unreadable(Path path, IOException e) {
    String what;
    if (e instanceof NoSuchFileException) {
      what = "does not exist";
    } else if (e instanceof AccessDeniedException) {
      what = "cannot be read (permission denied)";
    } else if (Files.isDirectory(path)) {
      what = "is a directory, not a file";
    } else {
      return new UncheckedIOException(e);
    }
    return StorageException.builder(
            StorageException.Code.INVALID_ARGUMENT,
            "The file to upload, " + path.getFileName() + ", " + what)
        .cause(e)
        .retryable(false)
        .build();
  }

  /** A one-shot stream; {@code length} is -1 when unknown. The driver closes it. */
  public static UploadSource ofStream(InputStream stream, long length) {
    Objects.requireNonNull(stream, "stream");
    return new UploadSource() {
      private boolean opened;

      @Override
      public long length() {
        return length;
      }

      @Override
      public boolean repeatable() {
        return false;
      }

      @Override
      public synchronized InputStream open() {
        if (opened) {
          throw new IllegalStateException("a stream upload source can be read only once");
        }
        opened = true;
        return stream;
      }
    };
  }

  /** The same bytes, with every read passed through {@code wrapper}. */
  public static UploadSource wrapping(
      UploadSource source, java.util.function.UnaryOperator<InputStream> wrapper) {
    return new UploadSource() {
      @Override
      public long length() {
        return source.length();
      }

      @Override
      public boolean repeatable() {
        return source.repeatable();
      }

      @Override
      public InputStream open() {
        return wrapper.apply(source.open());
      }
    };
  }
}
