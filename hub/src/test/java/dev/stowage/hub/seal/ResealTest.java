package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.hub.store.LocationRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResealTest {

  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-29T20:00:00Z");

  final MasterKey k1 = MasterKey.of("k1", AesGcmSealerTest.bytes(11));
  final MasterKey k2 = MasterKey.of("k2", AesGcmSealerTest.bytes(12));
  final AesGcmSealer underK1 = AesGcmSealer.create(MasterKeys.of(k1));
  final AesGcmSealer rotated = AesGcmSealer.create(MasterKeys.of(k2, k1));
  final InMemoryConnectionStore store = new InMemoryConnectionStore();

  static String secret(String id, String setting) {
    return "secret-of-" + id + "-" + setting + "-ABCD1234";
  }

  ConnectionRecord record(String id, AesGcmSealer sealer, String... secretSettings) {
    Map<String, String> sealed = new LinkedHashMap<>();
    for (String s : secretSettings) {
      sealed.put(s, sealer.seal(id, s, Secret.of(secret(id, s))));
    }
    return new ConnectionRecord(
        id,
        "s3",
        "Label " + id,
        Map.of("bucket", "b-" + id),
        sealed,
        true,
        Set.of(),
        List.of(new LocationRecord(1, Map.of("bucket", "b-" + id))),
        CREATED,
        CREATED,
        1);
  }

  Reseal reseal(ConnectionStore on, AesGcmSealer sealer) {
    return Reseal.builder(on, sealer).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @Test
  @DisplayName("rotation: k2 added as newest, reseal moves every secret to k2, then k1 can go")
  void rotateAndReseal() {
    store.insert(record("s3-main", underK1, "accessKeyId", "secretAccessKey"));
    store.insert(record("r2-eu", underK1, "secretAccessKey"));
    store.insert(record("local", underK1)); // no secrets
    store.insert(record("s3-new", rotated, "secretAccessKey")); // already under k2

    // Before: k1 envelopes open under the rotated ring and count as older.
    String before = store.connection("s3-main").get().sealedSecrets().get("secretAccessKey");
    assertThat(rotated.sealedWithOlderKey(before)).isTrue();
    assertThat(rotated.unseal("s3-main", "secretAccessKey", before).reveal())
        .isEqualTo(secret("s3-main", "secretAccessKey"));

    ResealReport report = reseal(store, rotated).run();

    assertThat(report.connectionsVisited()).isEqualTo(4);
    assertThat(report.secretsResealed()).isEqualTo(3);
    assertThat(report.failures()).isEmpty();
    assertThat(report.complete()).isTrue();
    assertThat(store.connection("s3-main").get().version()).isEqualTo(2);
    assertThat(store.connection("s3-main").get().updatedAt()).isEqualTo(NOW);
    assertThat(store.connection("r2-eu").get().version()).isEqualTo(2);
    assertThat(store.connection("local").get().version()).isEqualTo(1);
    assertThat(store.connection("s3-new").get().version()).isEqualTo(1);

    AesGcmSealer onlyK2 = AesGcmSealer.create(rotated.keys().without("k1"));
    for (ConnectionRecord r : store.connections()) {
      assertThat(r.settings()).containsEntry("bucket", "b-" + r.id());
      assertThat(r.label()).isEqualTo("Label " + r.id());
      assertThat(r.createdAt()).isEqualTo(CREATED);
      r.sealedSecrets()
          .forEach(
              (setting, envelope) -> {
                assertThat(envelope).startsWith("stowage:v1:k2:");
                assertThat(onlyK2.unseal(r.id(), setting, envelope).reveal())
                    .isEqualTo(secret(r.id(), setting));
              });
    }
    // A second pass finds nothing to do.
    ResealReport again = reseal(store, rotated).run();
    assertThat(again.secretsResealed()).isZero();
    assertThat(store.connection("s3-main").get().version()).isEqualTo(2);
  }

  @Test
  @DisplayName("a secret that does not open is reported by connection and setting; the rest move")
  void unopenableSecretReported() {
    ConnectionRecord r = record("s3-main", underK1, "accessKeyId", "secretAccessKey");
    Map<String, String> sealed = new LinkedHashMap<>(r.sealedSecrets());
    // moved from another setting: does not open here
    sealed.put("secretAccessKey", sealed.get("accessKeyId"));
    store.insert(withSecrets(r, sealed));
    MasterKey k0 = MasterKey.of("k0", AesGcmSealerTest.bytes(10));
    store.insert(record("old", AesGcmSealer.create(MasterKeys.of(k0)), "secretAccessKey"));

    ResealReport report = reseal(store, rotated).run();

    assertThat(report.secretsResealed()).isEqualTo(1);
    assertThat(report.complete()).isFalse();
    assertThat(report.failures())
        .extracting(ResealReport.Failure::connectionId, ResealReport.Failure::setting)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("s3-main", "secretAccessKey"),
            org.assertj.core.groups.Tuple.tuple("old", "secretAccessKey"));
    assertThat(report.failures())
        .allSatisfy(f -> assertThat(f.code()).isEqualTo(Code.CONFIG_INVALID));
    assertThat(report.failures().toString())
        .doesNotContain("secret-of-")
        .doesNotContain("stowage:v1:");
    assertThat(store.connection("s3-main").get().sealedSecrets().get("accessKeyId"))
        .startsWith("stowage:v1:k2:");
    assertThat(store.connection("old").get().version()).isEqualTo(1);
  }

  @Test
  @DisplayName("an edit by another hub during the pass is re-read and kept, not overwritten")
  void concurrentEditRetried() {
    store.insert(record("s3-main", underK1, "secretAccessKey"));
    AtomicInteger conflicts = new AtomicInteger();
    ConnectionStore racing =
        new Delegating(store) {
          @Override
          public void update(ConnectionRecord record) {
            if (conflicts.getAndIncrement() == 0) {
              // another hub renames the connection just before our write
              ConnectionRecord now = store.connection(record.id()).get();
              store.update(relabel(now, "Renamed meanwhile"));
            }
            store.update(record);
          }
        };

    ResealReport report = reseal(racing, rotated).run();

    assertThat(report.complete()).isTrue();
    assertThat(report.secretsResealed()).isEqualTo(1);
    assertThat(conflicts.get()).isEqualTo(2);
    ConnectionRecord after = store.connection("s3-main").get();
    assertThat(after.label()).isEqualTo("Renamed meanwhile");
    assertThat(after.version()).isEqualTo(3);
    assertThat(after.sealedSecrets().get("secretAccessKey")).startsWith("stowage:v1:k2:");
  }

  @Test
  @DisplayName("a connection that keeps changing is given up after maxAttempts and reported")
  void boundedRetries() {
    ConnectionRecord busy = record("busy", underK1, "accessKeyId", "secretAccessKey");
    Map<String, String> sealed = new LinkedHashMap<>(busy.sealedSecrets());
    sealed.put("accessKeyId", sealed.get("secretAccessKey")); // does not open as accessKeyId
    store.insert(withSecrets(busy, sealed));
    store.insert(record("calm", underK1, "secretAccessKey"));
    AtomicInteger writes = new AtomicInteger();
    ConnectionStore alwaysRacing =
        new Delegating(store) {
          @Override
          public void update(ConnectionRecord record) {
            if (record.id().equals("busy")) {
              writes.incrementAndGet();
              store.update(relabel(store.connection("busy").get(), "edit " + writes.get()));
            }
            store.update(record);
          }
        };

    ResealReport report = Reseal.builder(alwaysRacing, rotated).maxAttempts(3).build().run();

    assertThat(writes.get()).isEqualTo(3);
    assertThat(report.secretsResealed()).isEqualTo(1);
    assertThat(report.failures())
        .extracting(
            ResealReport.Failure::connectionId,
            ResealReport.Failure::setting,
            ResealReport.Failure::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("busy", "accessKeyId", Code.CONFIG_INVALID),
            org.assertj.core.groups.Tuple.tuple(
                "busy", "secretAccessKey", Code.PRECONDITION_FAILED));
    assertThat(store.connection("busy").get().sealedSecrets().get("secretAccessKey"))
        .startsWith("stowage:v1:k1:");
    assertThat(store.connection("calm").get().sealedSecrets().get("secretAccessKey"))
        .startsWith("stowage:v1:k2:");
  }

  @Test
  @DisplayName("a connection removed during the pass is skipped; a store failure is reported")
  void removedOrFailingStore() {
    store.insert(record("gone", underK1, "secretAccessKey"));
    store.insert(record("down", underK1, "secretAccessKey"));
    ConnectionStore flaky =
        new Delegating(store) {
          @Override
          public void update(ConnectionRecord record) {
            if (record.id().equals("gone")) {
              store.delete("gone", 1);
              store.update(record);
            }
            throw StorageException.of(Code.UNAVAILABLE, "database unreachable");
          }
        };

    ResealReport report = reseal(flaky, rotated).run();

    assertThat(report.secretsResealed()).isZero();
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.connectionId()).isEqualTo("down");
              assertThat(f.code()).isEqualTo(Code.UNAVAILABLE);
            });
  }

  @Test
  @DisplayName("a store that fails on re-reading is reported for the secrets not yet moved")
  void rereadFails() {
    store.insert(record("s3-main", underK1, "secretAccessKey"));
    ConnectionStore failing =
        new Delegating(store) {
          @Override
          public Optional<ConnectionRecord> connection(String id) {
            throw StorageException.of(Code.UNAVAILABLE, "database unreachable");
          }

          @Override
          public void update(ConnectionRecord record) {
            throw StorageException.of(Code.PRECONDITION_FAILED, "changed meanwhile");
          }
        };

    ResealReport report = reseal(failing, rotated).run();

    assertThat(report.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(Code.UNAVAILABLE));
  }

  @Test
  @DisplayName("every envelope the pass writes is new: no nonce is reused across connections")
  void freshEnvelopes() {
    for (int i = 0; i < 20; i++) {
      store.insert(record("c" + i, underK1, "a", "b"));
    }
    reseal(store, rotated).run();
    Set<String> envelopes = new HashSet<>();
    store.connections().forEach(r -> envelopes.addAll(r.sealedSecrets().values()));
    assertThat(envelopes).hasSize(40).allMatch(e -> e.startsWith("stowage:v1:k2:"));
  }

  static ConnectionRecord withSecrets(ConnectionRecord r, Map<String, String> sealed) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        r.label(),
        r.settings(),
        sealed,
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        r.updatedAt(),
        r.version());
  }

  static ConnectionRecord relabel(ConnectionRecord r, String label) {
    return new ConnectionRecord(
        r.id(),
        r.provider(),
        label,
        r.settings(),
        r.sealedSecrets(),
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.createdAt(),
        r.updatedAt(),
        r.version() + 1);
  }

  /** A store that passes every call on, for tests to override one method. */
  static class Delegating implements ConnectionStore {
    final ConnectionStore d;

    Delegating(ConnectionStore d) {
      this.d = d;
    }

    @Override
    public List<ConnectionRecord> connections() {
      return d.connections();
    }

    @Override
    public Optional<ConnectionRecord> connection(String id) {
      return d.connection(id);
    }

    @Override
    public void insert(ConnectionRecord record) {
      d.insert(record);
    }

    @Override
    public void update(ConnectionRecord record) {
      d.update(record);
    }

    @Override
    public void delete(String id, long expectedVersion) {
      d.delete(id, expectedVersion);
    }

    @Override
    public Optional<String> uploadTarget() {
      return d.uploadTarget();
    }

    @Override
    public void uploadTarget(String id) {
      d.uploadTarget(id);
    }

    @Override
    public void putFile(FileRecord file) {
      d.putFile(file);
    }

    @Override
    public Optional<FileRecord> file(String connectionId, int location, String key) {
      return d.file(connectionId, location, key);
    }

    @Override
    public void deleteFile(String connectionId, int location, String key) {
      d.deleteFile(connectionId, location, key);
    }

    @Override
    public long countFiles(String connectionId) {
      return d.countFiles(connectionId);
    }

    @Override
    public long countLiveFiles(String connectionId) {
      return d.countLiveFiles(connectionId);
    }

    @Override
    public List<FileRecord> files(
        String connectionId, int location, Optional<String> startAfter, int limit) {
      return d.files(connectionId, location, startAfter, limit);
    }
  }
}
