package dev.stowage;

/**
 * A download's progress listener as the user wrote it: called one call at a time and never with a
 * smaller count than before, whichever of a driver's part threads reports.
 */
final class SerialProgress implements ProgressListener {

  private final ProgressListener listener;
  private long last = -1;

  private SerialProgress(ProgressListener listener) {
    this.listener = listener;
  }

  static ProgressListener of(ProgressListener listener) {
    return listener == ProgressListener.NONE ? listener : new SerialProgress(listener);
  }

  @Override
  public synchronized void onProgress(long bytesSent, long totalBytes) {
    if (bytesSent > last) {
      last = bytesSent;
      listener.onProgress(bytesSent, totalBytes);
    }
  }
}
