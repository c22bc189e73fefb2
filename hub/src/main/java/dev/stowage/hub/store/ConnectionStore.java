package dev.stowage.hub.store;

import java.util.List;
import java.util.Optional;

/**
 * Where a hub keeps its connections, its upload target and the files it knows. Implementations:
 * {@link InMemoryConnectionStore}, {@link FileConnectionStore} and {@link JdbcConnectionStore}.
 * Several hubs (application servers) may share one store; every method reads or writes the store
 * itself, so an edit made by one hub is seen by the next call of another.
 *
 * <p>Every store gives back exactly what it was given, except times: they are kept to the
 * microsecond (what SQL timestamps hold), finer digits cut off towards the past.
 *
 * <p>Errors are {@link dev.stowage.StorageException}s: {@code ALREADY_EXISTS} when inserting an id
 * that is taken, {@code PRECONDITION_FAILED} when a version does not match (another hub changed the
 * row first: re-read and retry), {@code NOT_FOUND} when the connection is gone, {@code UNAVAILABLE}
 * when the store cannot be reached. Messages never contain a sealed secret.
 */
public interface ConnectionStore extends AutoCloseable {

  /** Every connection, ordered by id. */
  List<ConnectionRecord> connections();

  Optional<ConnectionRecord> connection(String id);

  /** Adds a connection whose version is 1. */
  void insert(ConnectionRecord record);

  /**
   * Replaces the stored record if its version is {@code record.version() - 1}; otherwise {@code
   * PRECONDITION_FAILED} and nothing changes.
   */
  void update(ConnectionRecord record);

  /**
   * Removes a connection, its file records, and the upload target if it pointed at it, if the
   * stored version is {@code expectedVersion}.
   */
  void delete(String id, long expectedVersion);

  /** The id of the connection receiving new uploads, if one is chosen. */
  Optional<String> uploadTarget();

  /** Chooses the upload target; {@code NOT_FOUND} if no such connection is stored. */
  void uploadTarget(String id);

  /**
   * Records a file, replacing the record for the same connection, location and key. Records of the
   * same key at other locations of the connection are never touched: each location is a place of
   * its own, and its references keep resolving.
   */
  void putFile(FileRecord file);

  /**
   * The record of {@code key} at location {@code location} of the connection, if the hub has one.
   */
  Optional<FileRecord> file(String connectionId, int location, String key);

  /** Forgets the record of {@code key} at that location; other locations keep theirs. */
  void deleteFile(String connectionId, int location, String key);

  /** How many file records a connection has at all its locations, moved-away records included. */
  long countFiles(String connectionId);

  /**
   * How many files still live on a connection, at any of its locations: records without {@link
   * FileRecord#movedTo()}.
   */
  long countLiveFiles(String connectionId);

  /**
   * Up to {@code limit} file records at one location of a connection after {@code startAfter}, in
   * ascending UTF-8 byte order of the key (the order listings use).
   */
  List<FileRecord> files(String connectionId, int location, Optional<String> startAfter, int limit);

  @Override
  default void close() {}
}
