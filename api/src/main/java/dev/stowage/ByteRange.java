package dev.stowage;

/**
 * A range of bytes to read: {@code [first, last]} inclusive, from {@code first} to the end, or the
 * last {@code n} bytes (an HTTP suffix range). A range whose end passes the end of the object is
 * cut at the end; one that starts past it fails with {@code INVALID_ARGUMENT}.
 */
public record ByteRange(long first, long last, long suffixLength) {

  private static final long OPEN = -1;

  public ByteRange {
    if (suffixLength != OPEN) {
      if (suffixLength <= 0 || first != OPEN || last != OPEN) {
        throw new IllegalArgumentException("suffix length must be positive and alone");
      }
    } else if (first < 0 || (last != OPEN && last < first)) {
      throw new IllegalArgumentException("invalid range " + first + "-" + last);
    }
  }

  /** Bytes {@code first} to {@code last}, both included. */
  public static ByteRange of(long first, long last) {
    if (last < 0) {
      throw new IllegalArgumentException("last < 0");
    }
    return new ByteRange(first, last, OPEN);
  }

  /** Bytes from {@code first} to the end. */
  public static ByteRange from(long first) {
    return new ByteRange(first, OPEN, OPEN);
  }

  /** The last {@code n} bytes. */
  public static ByteRange lastBytes(long n) {
    return new ByteRange(OPEN, OPEN, n);
  }

  public boolean isSuffix() {
    return suffixLength != OPEN;
  }

  /**
   * The concrete {@code [start, endInclusive]} for an object of {@code size} bytes, or throws
   * {@code INVALID_ARGUMENT} when the range does not overlap the object.
   */
  public long[] resolve(long size) {
    long start;
    long end;
    if (isSuffix()) {
      start = Math.max(0, size - suffixLength);
      end = size - 1;
    } else {
      start = first;
      end = last == OPEN ? size - 1 : Math.min(last, size - 1);
    }
    if (size == 0 || start >= size) {
      throw StorageException.of(
          StorageException.Code.INVALID_ARGUMENT,
          "Range "
              + this.toHeaderValue()
              + " is not satisfiable for an object of "
              + size
              + " bytes");
    }
    return new long[] {start, end};
  }

  /** The HTTP {@code Range} header value, e.g. {@code bytes=0-99}. */
  public String toHeaderValue() {
    if (isSuffix()) {
      return "bytes=-" + suffixLength;
    }
    return "bytes=" + first + "-" + (last == OPEN ? "" : Long.toString(last));
  }

  @Override
  public String toString() {
    return toHeaderValue();
  }
}
