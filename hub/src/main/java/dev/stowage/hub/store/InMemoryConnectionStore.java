package dev.stowage.hub.store;

import java.util.List;
import java.util.Optional;

/**
 * A {@link ConnectionStore} in this JVM's memory: for tests, demos and hosts that configure in
 * code. Like every store it keeps times to the microsecond.
 */
public final class InMemoryConnectionStore implements ConnectionStore {

  private final ConnectionTables tables = new ConnectionTables();

  @Override
  public synchronized List<ConnectionRecord> connections() {
    return tables.connections();
  }

  @Override
  public synchronized Optional<ConnectionRecord> connection(String id) {
    return tables.connection(id);
  }

  @Override
  public synchronized void insert(ConnectionRecord record) {
    tables.insert(record);
  }

  @Override
  public synchronized void update(ConnectionRecord record) {
    tables.update(record);
  }

  @Override
  public synchronized void delete(String id, long expectedVersion) {
    tables.delete(id, expectedVersion);
  }

  @Override
  public synchronized Optional<String> uploadTarget() {
    return tables.uploadTarget();
  }

  @Override
  public synchronized void uploadTarget(String id) {
    tables.uploadTarget(id);
  }

  @Override
  public synchronized void putFile(FileRecord file) {
    tables.putFile(file);
  }

  @Override
  public synchronized Optional<FileRecord> file(String connectionId, int location, String key) {
    return tables.file(connectionId, location, key);
  }

  @Override
  public synchronized void deleteFile(String connectionId, int location, String key) {
    tables.deleteFile(connectionId, location, key);
  }

  @Override
  public synchronized long countFiles(String connectionId) {
    return tables.countFiles(connectionId, false);
  }

  @Override
  public synchronized long countLiveFiles(String connectionId) {
    return tables.countFiles(connectionId, true);
  }

  @Override
  public synchronized List<FileRecord> files(
      String connectionId, int location, Optional<String> startAfter, int limit) {
    return tables.files(connectionId, location, startAfter, limit);
  }
}
