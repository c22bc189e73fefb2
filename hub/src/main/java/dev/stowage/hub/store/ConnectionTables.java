package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole content of a store as plain maps, with the rules every store follows (versions, the
 * upload target, the file index). Not thread-safe: the in-memory store guards it with its monitor,
 * the file store with its locks and keeps one copy per read of the file.
 */
final class ConnectionTables {

  /** Keys compare as S3 lists them: by UTF-8 bytes, which is not Java's UTF-16 order. */
  static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  final TreeMap<String, ConnectionRecord> connections = new TreeMap<>();

  /** Per connection: per location number, the records by key in {@link #UTF8_ORDER}. */
  final TreeMap<String, TreeMap<Integer, TreeMap<String, FileRecord>>> files = new TreeMap<>();

  String uploadTarget;

  ConnectionTables copy() {
    ConnectionTables c = new ConnectionTables();
    c.connections.putAll(connections);
    files.forEach(
        (id, of) -> {
          TreeMap<Integer, TreeMap<String, FileRecord>> byLocation = new TreeMap<>();
          of.forEach((location, keys) -> byLocation.put(location, new TreeMap<>(keys)));
          c.files.put(id, byLocation);
        });
    c.uploadTarget = uploadTarget;
    return c;
  }

  List<ConnectionRecord> connections() {
    return List.copyOf(connections.values());
  }

  Optional<ConnectionRecord> connection(String id) {
    return Optional.ofNullable(connections.get(id));
  }

  void insert(ConnectionRecord record) {
    if (record.version() != 1) {
      throw new IllegalArgumentException(record.id() + ": a new connection has version 1");
    }
    if (connections.containsKey(record.id())) {
      throw alreadyExists(record.id());
    }
    connections.put(record.id(), atStoredPrecision(record));
  }

  void update(ConnectionRecord record) {
    ConnectionRecord stored = existing(record.id());
    if (stored.version() != record.version() - 1) {
      throw conflict(record.id());
    }
    connections.put(record.id(), atStoredPrecision(record));
  }

  void delete(String id, long expectedVersion) {
    if (existing(id).version() != expectedVersion) {
      throw conflict(id);
    }
    connections.remove(id);
    files.remove(id);
    if (id.equals(uploadTarget)) {
      uploadTarget = null;
    }
  }

  Optional<String> uploadTarget() {
    return Optional.ofNullable(uploadTarget);
  }

  void uploadTarget(String id) {
    existing(id);
    uploadTarget = id;
  }

  void putFile(FileRecord file) {
    existing(file.connectionId());
    files
        .computeIfAbsent(file.connectionId(), k -> new TreeMap<>())
        .computeIfAbsent(file.location(), k -> new TreeMap<>(UTF8_ORDER))
        .put(file.key(), atStoredPrecision(file));
  }

  Optional<FileRecord> file(String connectionId, int location, String key) {
    return Optional.ofNullable(at(connectionId, location)).map(of -> of.get(key));
  }

  void deleteFile(String connectionId, int location, String key) {
    TreeMap<String, FileRecord> of = at(connectionId, location);
    if (of != null) {
      of.remove(key);
      if (of.isEmpty()) {
        TreeMap<Integer, TreeMap<String, FileRecord>> byLocation = files.get(connectionId);
        byLocation.remove(location);
        if (byLocation.isEmpty()) {
          files.remove(connectionId);
        }
      }
    }
  }

  long countFiles(String connectionId, boolean liveOnly) {
    TreeMap<Integer, TreeMap<String, FileRecord>> byLocation = files.get(connectionId);
    if (byLocation == null) {
      return 0;
    }
    long n = 0;
    for (TreeMap<String, FileRecord> of : byLocation.values()) {
      for (FileRecord f : of.values()) {
        if (!liveOnly || f.movedTo().isEmpty()) {
          n++;
        }
      }
    }
    return n;
  }

  List<FileRecord> files(
      String connectionId, int location, Optional<String> startAfter, int limit) {
    checkLimit(limit);
    TreeMap<String, FileRecord> of = at(connectionId, location);
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

  /** Every record of a connection, by location then key. */
  List<FileRecord> allFiles(String connectionId) {
    List<FileRecord> all = new ArrayList<>();
    files
        .getOrDefault(connectionId, new TreeMap<>())
        .values()
        .forEach(of -> all.addAll(of.values()));
    return all;
  }

  private TreeMap<String, FileRecord> at(String connectionId, int location) {
    TreeMap<Integer, TreeMap<String, FileRecord>> byLocation = files.get(connectionId);
    return byLocation == null ? null : byLocation.get(location);
  }

  private ConnectionRecord existing(String id) {
    ConnectionRecord r = connections.get(id);
    if (r == null) {
      throw notFound(id);
    }
    return r;
  }

  static void checkLimit(int limit) {
    if (limit < 1) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT, "A page of file records holds at least one, asked for " + limit);
    }
  }

  /**
   * Every store keeps times to the microsecond, what SQL timestamps hold, so a hub behaves the same
   * on each store: finer digits are cut off (towards the past).
   */
  static Instant atStoredPrecision(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  static ConnectionRecord atStoredPrecision(ConnectionRecord r) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        atStoredPrecision(r.createdAt()),
        atStoredPrecision(r.updatedAt()),
        r.version());
  }

  static FileRecord atStoredPrecision(FileRecord f) {
    return new FileRecord(
        f.connectionId(),
        f.key(),
        f.location(),
        f.size(),
        f.contentType(),
        f.etag(),
        atStoredPrecision(f.recordedAt()),
        f.movedTo());
  }

  static StorageException notFound(String id) {
    return StorageException.of(Code.NOT_FOUND, "No connection named '" + id + "'");
  }

  static StorageException alreadyExists(String id) {
    return StorageException.of(
        Code.ALREADY_EXISTS, "A connection named '" + id + "' already exists");
  }

  static StorageException conflict(String id) {
    return StorageException.of(
        Code.PRECONDITION_FAILED,
        "Connection '" + id + "' was changed by someone else meanwhile; reload it and try again");
  }
}
