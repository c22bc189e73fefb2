package dev.stowage.hub;

import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory store that runs one action (another hub's write) just before the next update: the
 * moment a real race would hit.
 */
final class RacingStore implements ConnectionStore {

  final InMemoryConnectionStore inner = new InMemoryConnectionStore();
  private Runnable beforeNextUpdate;

  synchronized void beforeNextUpdate(Runnable action) {
    this.beforeNextUpdate = action;
  }

  @Override
  public List<ConnectionRecord> connections() {
    return inner.connections();
  }

  @Override
  public Optional<ConnectionRecord> connection(String id) {
    return inner.connection(id);
  }

  @Override
  public void insert(ConnectionRecord record) {
    inner.insert(record);
  }

  @Override
  public void update(ConnectionRecord record) {
    Runnable action;
    synchronized (this) {
      action = beforeNextUpdate;
      beforeNextUpdate = null;
    }
    if (action != null) {
      action.run();
    }
    inner.update(record);
  }

  @Override
  public void delete(String id, long expectedVersion) {
    inner.delete(id, expectedVersion);
  }

  @Override
  public Optional<String> uploadTarget() {
    return inner.uploadTarget();
  }

  @Override
  public void uploadTarget(String id) {
    inner.uploadTarget(id);
  }

  @Override
  public void putFile(FileRecord file) {
    inner.putFile(file);
  }

  @Override
  public Optional<FileRecord> file(String connectionId, int location, String key) {
    return inner.file(connectionId, location, key);
  }

  @Override
  public void deleteFile(String connectionId, int location, String key) {
    inner.deleteFile(connectionId, location, key);
  }

  @Override
  public long countFiles(String connectionId) {
    return inner.countFiles(connectionId);
  }

  @Override
  public long countLiveFiles(String connectionId) {
    return inner.countLiveFiles(connectionId);
  }

  @Override
  public List<FileRecord> files(
      String connectionId, int location, Optional<String> startAfter, int limit) {
    return inner.files(connectionId, location, startAfter, limit);
  }
}
