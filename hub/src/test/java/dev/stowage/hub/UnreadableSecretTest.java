package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ConnectionReport;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored secret that no longer unseals (altered in the store, or sealed with a master key the
 * ring dropped) flags its own connection for the settings page; listing connections keeps working,
 * the other connections keep working, and operations on the broken one fail CONFIG_INVALID until
 * the secret is entered again.
 */
class UnreadableSecretTest {

  private static final String SIGNING_KEY = "a-signing-key-for-the-local-links-0001";
  private static final String NEW_SIGNING_KEY = "another-signing-key-for-local-links-0002";

  @TempDir Path dir;
  private final InMemoryConnectionStore store = new InMemoryConnectionStore();

  private static AesGcmSealer sealer(MasterKeys keys) {
    return AesGcmSealer.create(keys);
  }

  private void addConnections(StorageHub hub) {
    hub.add(
        ConnectionSpec.builder("signed", "local")
            .set("root", dir.resolve("signed").toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", SIGNING_KEY)
            .build());
    hub.add(
        ConnectionSpec.builder("plain", "local")
            .set("root", dir.resolve("plain").toString())
            .build());
    hub.switchUploadTarget("plain");
  }

  @Test
  @DisplayName(
      "a tampered secret flags its connection; listing and the other connection keep working")
  void tampered() {
    MasterKeys keys = MasterKeys.of(MasterKey.generate("k1"));
    try (StorageHub hub =
        StorageHub.builder().connectionStore(store).sealer(sealer(keys)).build()) {
      addConnections(hub);
      StoredFile kept = hub.upload(UploadRequest.of("a.txt"), bytes("kept"));
      ConnectionRecord r = store.connection("signed").orElseThrow();
      String envelope = r.sealedSecrets().get("signingKey");
      int i = envelope.length() - 10;
      String altered =
          envelope.substring(0, i)
              + (envelope.charAt(i) == 'A' ? 'B' : 'A')
              + envelope.substring(i + 1);
      store.update(withSigningKey(r, altered));

      Connection broken = hub.connection("signed").orElseThrow();
      assertThat(broken.usable()).isFalse();
      assertThat(broken.problem().orElseThrow())
          .contains("'signingKey'", "'signed'", "'k1'")
          .doesNotContain(SIGNING_KEY, altered, envelope);
      assertThat(broken.secrets()).doesNotContainKey("signingKey");
      assertThat(hub.connections())
          .extracting(Connection::id, Connection::usable)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("plain", true),
              org.assertj.core.groups.Tuple.tuple("signed", false));

      // The broken connection refuses work; the other one serves as before.
      StorageException refused = failsWith(Code.CONFIG_INVALID, () -> hub.capabilities("signed"));
      assertThat(refused.getMessage()).contains("signingKey").doesNotContain(SIGNING_KEY);
      failsWith(
          Code.CONFIG_INVALID, () -> hub.uploadTo("signed", UploadRequest.of("b"), bytes("b")));
      assertThat(hub.stat(kept.ref()).size()).isEqualTo(4);
      hub.upload(UploadRequest.of("c.txt"), bytes("more"));

      // Entering the secret again mends it.
      Connection mended =
          hub.edit(
              "signed", ConnectionEdit.builder().secret("signingKey", NEW_SIGNING_KEY).build());
      assertThat(mended.usable()).isTrue();
      assertThat(hub.uploadTo("signed", UploadRequest.of("d.txt"), bytes("d")).size()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a secret sealed with a master key the ring dropped names that key id")
  void droppedMasterKey() {
    MasterKeys old = MasterKeys.of(MasterKey.generate("k1"));
    try (StorageHub hub = StorageHub.builder().connectionStore(store).sealer(sealer(old)).build()) {
      addConnections(hub);
    }
    MasterKeys newOnly = MasterKeys.of(MasterKey.generate("k2"));
    try (StorageHub hub =
        StorageHub.builder().connectionStore(store).sealer(sealer(newOnly)).build()) {
      assertThat(hub.connections()).hasSize(2);
      Connection broken = hub.connection("signed").orElseThrow();
      assertThat(broken.problem().orElseThrow()).contains("'signingKey'", "'k1'");
      assertThat(hub.connection("plain").orElseThrow().problem()).isEmpty();
      // "Check again" says what is wrong instead of failing.
      ConnectionReport check = hub.verify("signed");
      assertThat(check.ok()).isFalse();
      assertThat(check.failures())
          .singleElement()
          .satisfies(c -> assertThat(c.detail()).contains("'signingKey'", "'k1'"));
      assertThat(hub.uploadTo("plain", UploadRequest.of("e.txt"), bytes("e")).size()).isEqualTo(1);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ConnectionRecord withSigningKey(ConnectionRecord r, String envelope) {
    Map<String, String> sealed = new HashMap<>(r.sealedSecrets());
    sealed.put("signingKey", envelope);
    return Records.next(
        r,
        r.label(),
        r.settings(),
        sealed,
        r.enabled(),
        r.intendedFeatures(),
        r.locations(),
        r.updatedAt());
  }
}
