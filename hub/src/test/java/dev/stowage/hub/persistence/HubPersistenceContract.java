package dev.stowage.hub.persistence;

import static dev.stowage.hub.persistence.HubWorld.IDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.ConnectionReport;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.Connection;
import dev.stowage.hub.ConnectionEdit;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.Reseal;
import dev.stowage.hub.seal.ResealReport;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.LocationRecord;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second "done when", on one real connection store (a subclass says which and how to
 * reach its raw bytes): the hub restarts and gets every connection back, the stored bytes hold no
 * secret in clear, master-key rotation + reseal works through the store, and tampered or moved
 * envelopes fail {@code CONFIG_INVALID} naming the connection and setting, never the value.
 *
 * <p>A restart is the real thing: the hub and its store are closed, the backing shut down where it
 * has a cache of its own (H2), and a new store instance and a new sealer over the same key bytes
 * are built.
 */
abstract class HubPersistenceContract {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  protected HubWorld world;
  private final List<ConnectionStore> opened = new ArrayList<>();
  private final List<StorageHub> hubs = new ArrayList<>();
  private final byte[] k1 = randomKey();
  private final byte[] k2 = randomKey();

  /** A new store instance over this test's data (empty the first time). */
  protected abstract ConnectionStore newStoreInstance() throws Exception;

  /** After every store instance was closed: a database with a cache of its own shuts down here. */
  protected void shutdownBacking() throws Exception {}

  /** Every stored byte, by where it was found (a file, a table's column), read after a shutdown. */
  protected abstract Map<String, byte[]> storedBytes() throws Exception;

  /** Replaces one stored envelope in the raw data, under the store's feet (no version bump). */
  protected abstract void overwriteEnvelope(String connectionId, String setting, String envelope)
      throws Exception;

  @BeforeEach
  void newWorld() {
    world = new HubWorld(S3, dir);
  }

  @AfterEach
  void closeAll() {
    hubs.forEach(StorageHub::close);
    opened.forEach(ConnectionStore::close);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[MasterKey.KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A new sealer over new key objects holding the same key bytes: what a restarted JVM builds. */
  protected AesGcmSealer sealer(String... ids) {
    List<MasterKey> keys = new ArrayList<>();
    for (String id : ids) {
      keys.add(MasterKey.of(id, (id.equals("k1") ? k1 : k2).clone()));
    }
    return AesGcmSealer.create(
        MasterKeys.of(keys.get(0), keys.subList(1, keys.size()).toArray(MasterKey[]::new)));
  }

  protected ConnectionStore store() throws Exception {
    ConnectionStore store = newStoreInstance();
    opened.add(store);
    return store;
  }

  protected StorageHub hub(ConnectionStore store, AesGcmSealer sealer) {
    return hub(store, sealer, Duration.ofSeconds(30));
  }

  protected StorageHub hub(ConnectionStore store, AesGcmSealer sealer, Duration refreshInterval) {
    StorageHub hub = world.hub(store, sealer, refreshInterval);
    hubs.add(hub);
    return hub;
  }

  /** Closes every hub and store opened so far and shuts the backing down. */
  protected void shutdown() throws Exception {
    hubs.forEach(StorageHub::close);
    hubs.clear();
    opened.forEach(ConnectionStore::close);
    opened.clear();
    shutdownBacking();
  }

  /** The populated world on k1, closed: what every test restarts from. */
  protected List<Connection> populatedAndClosed() throws Exception {
    StorageHub first = hub(store(), sealer("k1"));
    world.populate(first);
    world.everyReferenceWorks(first);
    List<Connection> before = first.connections();
    shutdown();
    return before;
  }

  static StorageException failsWith(Code code, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(StorageException.class);
    StorageException e = (StorageException) t;
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    return e;
  }

  /** A CONFIG_INVALID naming the connection and setting and holding no secret nor envelope. */
  protected void refusesSecret(
      String connectionId, String setting, Set<String> mustNotShow, ThrowingCallable call) {
    StorageException e = failsWith(Code.CONFIG_INVALID, call);
    assertThat(e.getMessage()).contains("'" + connectionId + "'").contains("'" + setting + "'");
    for (String s : mustNotShow) {
      assertThat(e.getMessage()).doesNotContain(s);
      assertThat(String.valueOf(e)).doesNotContain(s);
    }
  }

  private Set<String> allEnvelopes(ConnectionStore store) {
    Set<String> out = new HashSet<>();
    store.connections().forEach(c -> out.addAll(c.sealedSecrets().values()));
    return out;
  }

  // ---- 1. restart ------------------------------------------------------------------------------

  @Test
  @DisplayName("A new hub on a new store instance and sealer gets every connection and file back")
  void restartGetsEverythingBack() throws Exception {
    List<Connection> before = populatedAndClosed();

    ConnectionStore store = store();
    StorageHub hub = hub(store, sealer("k1"));
    List<Connection> after = hub.connections();
    assertThat(after).isEqualTo(before);
    assertThat(after).extracting(Connection::id).containsExactlyElementsOf(IDS);
    assertThat(after)
        .extracting(Connection::label)
        .containsExactly("This server's disk", "Cloudflare R2", "Amazon S3 (new bucket)");
    assertThat(after).extracting(Connection::enabled).containsExactly(false, true, true);
    assertThat(after).extracting(Connection::currentLocation).containsExactly(1, 1, 2);
    // local: add + disable; r2-eu: add; s3-main: add + edit.
    assertThat(after).extracting(Connection::version).containsExactly(2L, 1L, 2L);
    assertThat(HubWorld.revealed(after)).isEqualTo(world.secrets());
    for (Connection c : after) {
      c.secrets()
          .forEach(
              (name, secret) ->
                  assertThat(secret.toString())
                      .isEqualTo(HubWorld.mask(world.secrets().get(c.id()).get(name)))
                      .startsWith("****"));
    }
    Connection s3 = hub.connection("s3-main").orElseThrow();
    assertThat(s3.settings()).containsEntry("bucket", world.s3NewBucket);
    assertThat(hub.uploadTarget()).contains("s3-main");
    ConnectionRecord record = store.connection("s3-main").orElseThrow();
    assertThat(record.locations()).extracting(LocationRecord::number).containsExactly(1, 2);
    assertThat(record.locations().get(1).settings()).containsEntry("bucket", world.s3NewBucket);
    assertThat(record.locations().get(0).settings().get("bucket")).isNotEqualTo(world.s3NewBucket);

    world.everyReferenceWorks(hub);
    // The restarted hub keeps the rules: uploads go to the target's current location, and the
    // disabled connection takes none.
    assertThat(world.upload(hub, "after/restart.txt").ref())
        .hasToString("stowage://s3-main~2/after/restart.txt");
    failsWith(
        Code.PRECONDITION_FAILED,
        () -> hub.uploadTo("local", UploadRequest.of("no.txt"), new byte[] {1}));
    world.everyReferenceWorks(hub);
  }

  // ---- 2. no secret in clear -------------------------------------------------------------------

  @Test
  @DisplayName("The stored bytes hold no secret, in no spelling, even after keys were rotated")
  void noSecretInStoredBytes() throws Exception {
    StorageHub hub = hub(store(), sealer("k1"));
    world.populate(hub);
    // Through the download-only keys and back: old values passed through the store too.
    hub.edit(
        "s3-main",
        ConnectionEdit.builder()
            .secret("accessKeyId", world.server.downloadOnlyAccessKey())
            .secret("secretAccessKey", world.server.downloadOnlySecretKey())
            .build());
    hub.edit(
        "s3-main",
        ConnectionEdit.builder()
            .secret("accessKeyId", world.server.accessKey())
            .secret("secretAccessKey", world.server.secretKey())
            .build());
    world.everyReferenceWorks(hub);
    shutdown();

    Map<String, byte[]> stored = storedBytes();
    assertThat(stored).isNotEmpty();
    // The scan finds what is there: the envelopes and the clear settings are in these bytes.
    ConnectionStore reopened = store();
    Set<String> envelopes = allEnvelopes(reopened);
    assertThat(envelopes).hasSize(5).allMatch(e -> e.startsWith("stowage:v1:k1:"));
    String bucket = reopened.connection("s3-main").orElseThrow().settings().get("bucket");
    assertThat(stored.values())
        .anySatisfy(b -> assertThat(SecretForms.indexOf(b, bytes(bucket))).isNotNegative());
    for (String envelope : envelopes) {
      assertThat(stored.values())
          .anySatisfy(b -> assertThat(SecretForms.indexOf(b, bytes(envelope))).isNotNegative());
    }
    for (Map.Entry<String, byte[]> e : stored.entrySet()) {
      SecretForms.assertNoneIn(e.getKey(), e.getValue(), world.secretValues());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---- 3. master-key rotation ------------------------------------------------------------------

  @Test
  @DisplayName("k1 → (k2, k1) → reseal → k2 only: every secret opens, every reference works")
  void masterKeyRotationAndReseal() throws Exception {
    List<Connection> before = populatedAndClosed();

    // Before the reseal, a hub holding k2 only cannot open what k1 sealed.
    StorageHub tooEarly = hub(store(), sealer("k2"));
    Set<String> hidden = new HashSet<>(world.secretValues());
    hidden.addAll(allEnvelopes(opened.get(0)));
    for (String id : IDS) {
      // Secrets open in name order, so the first one is the one named.
      String setting = new TreeSet<>(world.secrets().get(id).keySet()).first();
      FileRef ref = firstRef(id);
      StorageException e = failsWith(Code.CONFIG_INVALID, () -> tooEarly.stat(ref));
      assertThat(e.getMessage()).contains("'k1'");
      refusesSecret(id, setting, hidden, () -> tooEarly.stat(ref));
      // The settings page still lists it, flagged: the problem names the missing key.
      Connection flagged = tooEarly.connection(id).orElseThrow();
      assertThat(flagged.usable()).isFalse();
      assertThat(flagged.problem().orElseThrow()).contains("'k1'").contains(setting);
    }
    shutdown();

    // The new ring: k2 seals, k1 still opens; the hub works as before.
    StorageHub rotated = hub(store(), sealer("k2", "k1"));
    assertThat(rotated.connections()).isEqualTo(before);
    world.everyReferenceWorks(rotated);
    ResealReport report = Reseal.create(opened.get(0), sealer("k2", "k1")).run();
    assertThat(report.complete()).as(report.toString()).isTrue();
    assertThat(report.failures()).isEmpty();
    shutdown();

    // Only k2 left.
    ConnectionStore store = store();
    assertThat(allEnvelopes(store)).hasSize(5).allMatch(e -> e.startsWith("stowage:v1:k2:"));
    StorageHub hub = hub(store, sealer("k2"));
    List<Connection> after = hub.connections();
    assertThat(HubWorld.revealed(after)).isEqualTo(world.secrets());
    assertThat(after).extracting(Connection::id).containsExactlyElementsOf(IDS);
    // The reseal bumped each version once, and changed nothing else the screen shows.
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).version()).isEqualTo(before.get(i).version() + 1);
      assertThat(after.get(i).settings()).isEqualTo(before.get(i).settings());
      assertThat(after.get(i).enabled()).isEqualTo(before.get(i).enabled());
      assertThat(after.get(i).currentLocation()).isEqualTo(before.get(i).currentLocation());
    }
    world.everyReferenceWorks(hub);
    assertThat(world.upload(hub, "after/reseal.txt").ref().location()).isEqualTo(2);
  }

  private FileRef firstRef(String connectionId) {
    return world.files.keySet().stream()
        .filter(r -> r.connectionId().equals(connectionId))
        .findFirst()
        .orElseThrow();
  }

  // ---- 4. tampered and moved envelopes ---------------------------------------------------------

  @Test
  @DisplayName(
      "A flipped, a moved-across-connections and a moved-across-settings envelope: CONFIG_INVALID"
          + " naming connection and setting; the other connections keep working")
  void tamperedAndMovedEnvelopes() throws Exception {
    populatedAndClosed();
    ConnectionStore reader = store();
    Map<String, Map<String, String>> original = new java.util.TreeMap<>();
    reader.connections().forEach(c -> original.put(c.id(), c.sealedSecrets()));
    Set<String> hidden = new HashSet<>(world.secretValues());
    original.values().forEach(m -> hidden.addAll(m.values()));
    shutdown();

    String s3Secret = original.get("s3-main").get("secretAccessKey");
    int at = s3Secret.length() - 10;
    char flipped = s3Secret.charAt(at) == 'A' ? 'B' : 'A';
    String tampered = s3Secret.substring(0, at) + flipped + s3Secret.substring(at + 1);

    record Case(String name, String connection, String setting, String envelope) {}
    List<Case> cases =
        List.of(
            new Case("one character flipped", "s3-main", "secretAccessKey", tampered),
            new Case(
                "r2-eu's envelope in s3-main's row",
                "s3-main",
                "accessKeyId",
                original.get("r2-eu").get("accessKeyId")),
            new Case(
                "accessKeyId's envelope in secretAccessKey of the same row",
                "r2-eu",
                "secretAccessKey",
                original.get("r2-eu").get("accessKeyId")),
            new Case(
                "s3-main's envelope in local's signingKey",
                "local",
                "signingKey",
                original.get("s3-main").get("secretAccessKey")));
    for (Case c : cases) {
      overwriteEnvelope(c.connection(), c.setting(), c.envelope());
      StorageHub hub = hub(store(), sealer("k1"));
      Consumer<ThrowingCallable> refused =
          call -> refusesSecret(c.connection(), c.setting(), hidden, call);
      FileRef broken = firstRef(c.connection());
      refused.accept(() -> hub.stat(broken));
      refused.accept(() -> hub.download(broken));
      refused.accept(() -> hub.settings(c.connection()));
      ConnectionReport check = hub.verify(c.connection()); // "Check again" says what is wrong
      assertThat(check.ok()).as(c.name()).isFalse();
      assertThat(check.failures().get(0).detail()).contains(c.connection(), c.setting());
      for (String secret : hidden) {
        assertThat(check.toString()).doesNotContain(secret);
      }
      // The other connections keep working, reads and uploads alike.
      for (Map.Entry<FileRef, byte[]> f : world.files.entrySet()) {
        if (!f.getKey().connectionId().equals(c.connection())) {
          assertThat(hub.stat(f.getKey()).size()).as(c.name()).isEqualTo(f.getValue().length);
        }
      }
      for (String id : IDS) {
        if (!id.equals(c.connection())) {
          assertThat(hub.connection(id)).as(c.name()).isPresent();
        }
      }
      connectionsPageWithOneBrokenSecret(hub, c.connection(), c.setting(), hidden);
      shutdown();
      overwriteEnvelope(c.connection(), c.setting(), original.get(c.connection()).get(c.setting()));
    }
    // Put back, everything works again: the failures were the envelopes', not the store's.
    StorageHub hub = hub(store(), sealer("k1"));
    assertThat(HubWorld.revealed(hub.connections())).isEqualTo(world.secrets());
    world.everyReferenceWorks(hub);
  }

  @Test
  @DisplayName(
      "An envelope moved through the store API (version bumped) under a running hub: its next use"
          + " of that connection fails CONFIG_INVALID, the others keep working")
  void envelopeMovedUnderRunningHub() throws Exception {
    populatedAndClosed();
    ConnectionStore store = store();
    StorageHub hub = hub(store, sealer("k1"));
    world.everyReferenceWorks(hub); // warm: drivers open, settings resolved
    ConnectionRecord s3 = store.connection("s3-main").orElseThrow();
    String foreign = store.connection("r2-eu").orElseThrow().sealedSecrets().get("secretAccessKey");
    Map<String, String> sealed = new java.util.TreeMap<>(s3.sealedSecrets());
    sealed.put("secretAccessKey", foreign);
    store.update(
        new ConnectionRecord(
            s3.id(),
            s3.provider(),
            s3.label(),
            s3.settings(),
            sealed,
            s3.enabled(),
            s3.intendedFeatures(),
            s3.locations(),
            s3.createdAt(),
            s3.updatedAt(),
            s3.version() + 1));
    Set<String> hidden = new HashSet<>(world.secretValues());
    hidden.add(foreign);
    refusesSecret("s3-main", "secretAccessKey", hidden, () -> hub.stat(firstRef("s3-main")));
    refusesSecret(
        "s3-main",
        "secretAccessKey",
        hidden,
        () -> hub.upload(UploadRequest.of("never.txt"), new byte[] {1}));
    for (Map.Entry<FileRef, byte[]> f : world.files.entrySet()) {
      if (!f.getKey().connectionId().equals("s3-main")) {
        assertThat(hub.stat(f.getKey()).size()).isEqualTo(f.getValue().length);
      }
    }
    assertThat(hub.uploadTo("r2-eu", UploadRequest.of("still.txt"), new byte[] {1}).connectionId())
        .isEqualTo("r2-eu");
  }

  /**
   * What the settings screen's list does when one connection's secret does not open: every
   * connection is listed, the broken one flagged with a problem naming the setting (never a value),
   * the others usable.
   */
  private void connectionsPageWithOneBrokenSecret(
      StorageHub hub, String connection, String setting, Set<String> hidden) {
    List<Connection> listed = hub.connections();
    assertThat(listed).extracting(Connection::id).containsExactlyInAnyOrderElementsOf(IDS);
    for (Connection listedOne : listed) {
      if (listedOne.id().equals(connection)) {
        assertThat(listedOne.usable()).isFalse();
        assertThat(listedOne.problem().orElseThrow()).contains(setting);
        for (String secret : hidden) {
          assertThat(listedOne.problem().orElseThrow()).doesNotContain(secret);
          assertThat(listedOne.toString()).doesNotContain(secret);
        }
      } else {
        assertThat(listedOne.usable()).as(listedOne.id()).isTrue();
      }
    }
    assertThat(hub.connection(connection).orElseThrow().usable()).isFalse();
  }
}
