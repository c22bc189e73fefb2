package dev.stowage.hub;

import dev.stowage.hub.store.ConnectionRecord;
import java.time.Instant;

/**
 * Which edit of which connection a record is: its version, and its creation time, which tells a
 * connection removed and added again under the same id (by another hub) from the one before.
 */
record RecordVersion(Instant createdAt, long version) {

  static RecordVersion of(ConnectionRecord record) {
    return new RecordVersion(record.createdAt(), record.version());
  }

  boolean newerThan(RecordVersion other) {
    return createdAt.equals(other.createdAt) && version > other.version;
  }
}
