package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link ConnectionStore} in this JVM's memory: for tests, demos and hosts that configure in
 * code.
 */
public final class InMemoryConnectionStore implements ConnectionStore {

  /** Keys compare as S3 lists them: by UTF-8 bytes, which is not Java's UTF-16 order. */
  static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Map<String, ConnectionRecord> connections = new TreeMap<>();
  private final Map<String, TreeMap<String, FileRecord>> files = new HashMap<>();
  private String uploadTarget;

  @Override
  public synchronized List<ConnectionRecord> connections() {
    return List.copyOf(connections.values());
  }

  @Override
  public synchronized Optional<ConnectionRecord> connection(String id) {
    return Optional.ofNullable(connections.get(id));
  }

  @Override
  public synchronized void insert(ConnectionRecord record) {
    if (record.version() != 1) {
      throw new IllegalArgumentException(record.id() + ": a new connection has version 1");
    }
    if (connections.putIfAbsent(record.id(), record) != null) {
      throw StorageException.of(
          Code.ALREADY_EXISTS, "A connection named '" + record.id() + "' already exists");
    }
  }

  @Override
  public synchronized void update(ConnectionRecord record) {
    ConnectionRecord stored = existing(record.id());
    if (stored.version() != record.version() - 1) {
      throw conflict(record.id());
    }
    connections.put(record.id(), record);
  }

  @Override
  public synchronized void delete(String id, long expectedVersion) {
    if (existing(id).version() != expectedVersion) {
      throw conflict(id);
    }
    connections.remove(id);
    files.remove(id);
    if (id.equals(uploadTarget)) {
      uploadTarget = null;
    }
  }

  @Override
  public synchronized Optional<String> uploadTarget() {
    return Optional.ofNullable(uploadTarget);
  }

  @Override
  public synchronized void uploadTarget(String id) {
    existing(id);
    uploadTarget = id;
  }

  @Override
  public synchronized void putFile(FileRecord file) {
    existing(file.connectionId());
    files
        .computeIfAbsent(file.connectionId(), k -> new TreeMap<>(UTF8_ORDER))
        .put(file.key(), file);
  }

  @Override
  public synchronized Optional<FileRecord> file(String connectionId, String key) {
    return Optional.ofNullable(files.getOrDefault(connectionId, new TreeMap<>()).get(key));
  }

  @Override
  public synchronized void deleteFile(String connectionId, String key) {
    TreeMap<String, FileRecord> of = files.get(connectionId);
    if (of != null) {
      of.remove(key);
    }
  }

  @Override
  public synchronized long countFiles(String connectionId) {
    TreeMap<String, FileRecord> of = files.get(connectionId);
    return of == null ? 0 : of.size();
  }

  @Override
  public synchronized List<FileRecord> files(
      String connectionId, Optional<String> startAfter, int limit) {
    TreeMap<String, FileRecord> of = files.get(connectionId);
    if (of == null) {
      return List.of();
    }
    Map<String, FileRecord> tail =
        startAfter.isPresent() ? of.tailMap(startAfter.get(), false) : of;
    List<FileRecord> page = new ArrayList<>();
    for (FileRecord f : tail.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(f);
    }
    return page;
  }

  private ConnectionRecord existing(String id) {
    ConnectionRecord r = connections.get(id);
    if (r == null) {
      throw StorageException.of(Code.NOT_FOUND, "No connection named '" + id + "'");
    }
    return r;
  }

  private static StorageException conflict(String id) {
    return StorageException.of(
        Code.PRECONDITION_FAILED,
        "Connection '" + id + "' was changed by someone else meanwhile; reload it and try again");
  }
}
