package dev.stowage.hub;

import dev.stowage.Store;
import java.util.concurrent.atomic.AtomicBoolean;

/** The right to use an {@link OpenStore} until closed; closing twice releases once. */
final class Lease implements AutoCloseable {

  private final OpenStore open;
  private final AtomicBoolean released = new AtomicBoolean();

  Lease(OpenStore open) {
    this.open = open;
  }

  Store store() {
    return open.store();
  }

  /** The location number the store was opened for. */
  int location() {
    return open.location();
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      open.release();
    }
  }
}
