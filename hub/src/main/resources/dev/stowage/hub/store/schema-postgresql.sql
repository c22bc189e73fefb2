-- Stowage hub connection store, PostgreSQL 12 or newer (a UTF8 database).
-- JdbcConnectionStore runs exactly these statements on first use (its table prefix in place of
-- "stowage_"), unless built with createSchema(false): then hand this file to Flyway or Liquibase.
-- Deleting a connection cascades to its settings, secrets, locations, files and upload target.

CREATE TABLE IF NOT EXISTS stowage_connections (
  id VARCHAR(64) COLLATE "C" PRIMARY KEY,
  provider VARCHAR(64) NOT NULL,
  label TEXT NOT NULL,
  enabled BOOLEAN NOT NULL,
  intended_features VARCHAR(256) NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  version BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS stowage_connection_settings (
  connection_id VARCHAR(64) COLLATE "C" NOT NULL REFERENCES stowage_connections (id) ON DELETE CASCADE,
  setting_name TEXT NOT NULL,
  setting_value TEXT NOT NULL,
  PRIMARY KEY (connection_id, setting_name)
);

-- Sealed envelopes only (AES-256-GCM, bound to connection id and setting name), never a secret.
CREATE TABLE IF NOT EXISTS stowage_connection_secrets (
  connection_id VARCHAR(64) COLLATE "C" NOT NULL REFERENCES stowage_connections (id) ON DELETE CASCADE,
  setting_name TEXT NOT NULL,
  envelope TEXT NOT NULL,
  PRIMARY KEY (connection_id, setting_name)
);

CREATE TABLE IF NOT EXISTS stowage_locations (
  connection_id VARCHAR(64) COLLATE "C" NOT NULL REFERENCES stowage_connections (id) ON DELETE CASCADE,
  location_number INTEGER NOT NULL,
  PRIMARY KEY (connection_id, location_number)
);

CREATE TABLE IF NOT EXISTS stowage_location_settings (
  connection_id VARCHAR(64) COLLATE "C" NOT NULL,
  location_number INTEGER NOT NULL,
  setting_name TEXT NOT NULL,
  setting_value TEXT NOT NULL,
  PRIMARY KEY (connection_id, location_number, setting_name),
  FOREIGN KEY (connection_id, location_number)
    REFERENCES stowage_locations (connection_id, location_number) ON DELETE CASCADE
);

-- One row per (connection, location, key): a key at another location is another place, so
-- recording it never touches this one's redirect. key_order holds the key's UTF-8 bytes: the
-- primary key is also the paging index (one location at a time), in the byte order S3 lists in,
-- whatever the database's collation.
CREATE TABLE IF NOT EXISTS stowage_files (
  connection_id VARCHAR(64) COLLATE "C" NOT NULL REFERENCES stowage_connections (id) ON DELETE CASCADE,
  key_order BYTEA NOT NULL,
  object_key TEXT NOT NULL,
  location_number INTEGER NOT NULL,
  size_bytes BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  etag TEXT,
  recorded_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  moved_to TEXT,
  PRIMARY KEY (connection_id, location_number, key_order)
);

-- One row at most: the upload target. It goes with the connection it names.
CREATE TABLE IF NOT EXISTS stowage_hub_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  upload_target VARCHAR(64) COLLATE "C" NOT NULL REFERENCES stowage_connections (id) ON DELETE CASCADE
);
