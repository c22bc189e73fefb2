package dev.stowage.hub.store;

import dev.stowage.Feature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Records for store tests, with every awkward value a store must keep exactly. */
final class StoreRecords {

  /** Has nanoseconds: stores keep microseconds, so it comes back as ...123456Z. */
  static final Instant WITH_NANOS = Instant.parse("2026-11-29T20:04:03.123456789Z");

  /** Before 1970 with nanoseconds: truncation goes towards the past (...59.999999Z). */
  static final Instant BEFORE_EPOCH = Instant.ofEpochSecond(-1, 999_999_999);

  static final Instant PLAIN = Instant.parse("2026-01-02T03:04:05Z");

  private StoreRecords() {}

  /** Keys and values with the characters a line-based or SQL store could trip on. */
  static Map<String, String> oddMap(String salt) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("plain", "value-" + salt);
    m.put("empty", "");
    m.put("a=b", "c=d");
    m.put("colon:key", "http://host:9000/path?x=1#f");
    m.put("new\nline", "first\nsecond\r\nthird");
    m.put("tab\tkey", "\ttabbed\t");
    m.put("space key", "  padded value  ");
    m.put("percent%41", "100%");
    m.put("ünïcødé", "日本語 é 😀");
    m.put("-", "+");
    m.put("quote'\"", "'; DROP TABLE x; --");
    m.put("backslash\\", "\\n is not a newline");
    return m;
  }

  static ConnectionRecord simple(String id) {
    return new ConnectionRecord(
        id,
        "local",
        "Label of " + id,
        Map.of("root", "/srv/" + id),
        Map.of(),
        true,
        Set.of(),
        List.of(new LocationRecord(1, Map.of("root", "/srv/" + id))),
        PLAIN,
        PLAIN,
        1);
  }

  /** Every field set to something a store could get wrong. */
  static ConnectionRecord rich(String id) {
    return new ConnectionRecord(
        id,
        "s3",
        "Main bucket: \"assets\" ünïcødé 😀\nsecond line",
        oddMap("settings"),
        Map.of("secretAccessKey", "v1:k1:AAECAwQFBgcICQoLDA0ODw==:c2VhbGVk+/=", "odd name=:\n", ""),
        false,
        EnumSet.of(Feature.READ, Feature.LIST),
        List.of(
            new LocationRecord(1, Map.of("bucket", "old", "region", "eu-west-1")),
            new LocationRecord(2, Map.of()),
            new LocationRecord(4, oddMap("location"))),
        WITH_NANOS,
        BEFORE_EPOCH,
        1);
  }

  static ConnectionRecord next(ConnectionRecord r, Map<String, String> settings) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        settings,
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        r.updatedAt().plusSeconds(1),
        r.version() + 1);
  }

  static ConnectionRecord withVersion(ConnectionRecord r, long version) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        r.updatedAt(),
        version);
  }

  static FileRecord file(String connectionId, String key) {
    return new FileRecord(
        connectionId, key, 1, 42, "text/plain", Optional.empty(), PLAIN, Optional.empty());
  }

  static FileRecord richFile(String connectionId, String key) {
    return new FileRecord(
        connectionId,
        key,
        4,
        5L * 1024 * 1024 * 1024 * 1024,
        "text/plain; charset=utf-8",
        Optional.of("\"9b2cf535f27731c974343645a3985328-12\""),
        WITH_NANOS,
        Optional.of("stowage://r2-eu~2/moved/" + key.replace("%", "%25")));
  }

  /** What a store gives back: times cut to the microsecond. */
  static ConnectionRecord stored(ConnectionRecord r) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt().truncatedTo(ChronoUnit.MICROS),
        r.updatedAt().truncatedTo(ChronoUnit.MICROS),
        r.version());
  }

  static FileRecord stored(FileRecord f) {
    return new FileRecord(
        f.connectionId(),
        f.key(),
        f.location(),
        f.size(),
        f.contentType(),
        f.etag(),
        f.recordedAt().truncatedTo(ChronoUnit.MICROS),
        f.movedTo());
  }
}
