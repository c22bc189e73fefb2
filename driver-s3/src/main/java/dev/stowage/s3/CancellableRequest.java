package dev.stowage.s3;

import java.util.concurrent.atomic.AtomicMarkableReference;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * An Apache request whose path is the string given, as it goes on the wire (never parsed into a
 * {@link java.net.URI}, so {@code //} stays {@code //}), and which {@link #cancel()} aborts at any
 * stage: waiting for a pooled connection, connecting, or streaming the response (the connection is
 * then closed, not drained or reused).
 */
final class CancellableRequest extends BasicClassicHttpRequest implements CancellableDependency {

  private static final long serialVersionUID = 1L;

  /** What the client is doing for this request right now; marked once cancelled. */
  private final transient AtomicMarkableReference<Cancellable> stage =
      new AtomicMarkableReference<>(null, false);

  CancellableRequest(String method, HttpHost target, String rawPathAndQuery) {
    super(method, target, rawPathAndQuery);
  }

  @Override
  public boolean isCancelled() {
    return stage.isMarked();
  }

  @Override
  public void setDependency(Cancellable next) {
    Cancellable current = stage.getReference();
    if (!stage.compareAndSet(current, next, false, false)) {
      // Cancelled before this stage began: it must not run.
      next.cancel();
    }
  }

  @Override
  public boolean cancel() {
    while (!stage.isMarked()) {
      Cancellable current = stage.getReference();
      if (stage.compareAndSet(current, current, false, true)) {
        if (current != null) {
          current.cancel();
        }
        return true;
      }
    }
    return false;
  }
}
