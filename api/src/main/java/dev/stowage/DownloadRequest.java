package dev.stowage;

import java.util.Objects;

/**
 * What to download to a file or stream: the key and a progress listener. How the bytes travel
 * (parallel ranged reads, part size, parts in flight) is the driver's, set in its settings.
 */
public final class DownloadRequest {

  private final String key;
  private final ProgressListener progress;

  private DownloadRequest(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.progress = b.progress;
  }

  public static DownloadRequest of(String key) {
    return builder(key).build();
  }

  public static Builder builder(String key) {
    return new Builder().key(key);
  }

  public Builder toBuilder() {
    return new Builder().key(key).progress(progress);
  }

  public String key() {
    return key;
  }

  /**
   * Told how many bytes have been written so far (of the object's size), from the download's
   * threads, one call at a time, with a count that never goes down.
   */
  public ProgressListener progress() {
    return progress;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DownloadRequest other
        && key.equals(other.key)
        && progress.equals(other.progress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, progress);
  }

  @Override
  public String toString() {
    return "DownloadRequest[key=" + key + "]";
  }

  /** Builds a {@link DownloadRequest}. */
  public static final class Builder {
    private String key;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder progress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public DownloadRequest build() {
      return new DownloadRequest(this);
    }
  }
}
