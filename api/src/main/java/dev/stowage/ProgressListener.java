package dev.stowage;

/** Told how many bytes of an upload have been sent so far. Called on the uploading thread. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (sent, total) -> {};

  /**
   * @param bytesSent bytes sent so far
   * @param totalBytes the total, or -1 when the length is not known in advance
   */
  void onProgress(long bytesSent, long totalBytes);
}
