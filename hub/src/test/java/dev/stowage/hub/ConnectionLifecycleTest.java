package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Feature;
import dev.stowage.ObjectContent;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding, editing, enabling, removing connections, and the upload target, on local disk. */
class ConnectionLifecycleTest {

  @TempDir Path dir;
  private InMemoryConnectionStore store;
  private StorageHub hub;

  @BeforeEach
  void open() {
    store = new InMemoryConnectionStore();
    hub = StorageHub.builder().connectionStore(store).sealer(new TestSealer()).build();
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Connection addLocal(String id, String folder) {
    return hub.add(
        ConnectionSpec.builder(id, "local")
            .label("Disk " + id)
            .set("root", dir.resolve(folder).toString())
            .build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("an added connection shows its settings, badge, location 1 and version 1")
  void add() {
    Connection c = addLocal("disk", "a");
    assertThat(c.id()).isEqualTo("disk");
    assertThat(c.provider()).isEqualTo("local");
    assertThat(c.label()).isEqualTo("Disk disk");
    assertThat(c.badge().label()).isNotBlank();
    assertThat(c.settings()).containsEntry("root", dir.resolve("a").toString());
    assertThat(c.enabled()).isTrue();
    assertThat(c.currentLocation()).isEqualTo(1);
    assertThat(c.version()).isEqualTo(1);
    assertThat(hub.connections()).extracting(Connection::id).containsExactly("disk");
    assertThat(store.connection("disk").orElseThrow().currentLocation().settings())
        .containsEntry("root", dir.resolve("a").toString());
  }

  @Test
  @DisplayName("add refuses a taken id, a bad slug, an unknown provider or setting, a missing one")
  void addRefusals() {
    addLocal("disk", "a");
    failsWith(Code.ALREADY_EXISTS, () -> addLocal("disk", "b"));
    failsWith(Code.CONFIG_INVALID, () -> addLocal("Disk", "b"));
    failsWith(Code.CONFIG_INVALID, () -> addLocal("disk~2", "b"));
    failsWith(Code.CONFIG_INVALID, () -> addLocal("-disk", "b"));
    assertThat(
            failsWith(
                    Code.CONFIG_INVALID,
                    () -> hub.add(ConnectionSpec.builder("x", "nope").set("root", "r").build()))
                .getMessage())
        .contains("nope", "local");
    assertThat(
            failsWith(
                    Code.CONFIG_INVALID,
                    () ->
                        hub.add(
                            ConnectionSpec.builder("x", "local")
                                .set("root", dir.toString())
                                .set("rooot", "typo")
                                .build()))
                .getMessage())
        .contains("rooot", "root");
    failsWith(Code.CONFIG_INVALID, () -> hub.add(ConnectionSpec.builder("x", "local").build()));
    // A secret given as a plain setting would be stored in clear.
    failsWith(
        Code.CONFIG_INVALID,
        () ->
            hub.add(
                ConnectionSpec.builder("x", "local")
                    .set("root", dir.toString())
                    .set("signingKey", "0123456789abcdef0123")
                    .build()));
    assertThat(hub.connections()).extracting(Connection::id).containsExactly("disk");
  }

  @Test
  @DisplayName("a secret is stored sealed, bound to its connection, and shown masked")
  void secretsAreSealed() {
    String signingKey = "signing-key-0123456789-WXYZ";
    Connection c =
        hub.add(
            ConnectionSpec.builder("disk", "local")
                .set("root", dir.toString())
                .secret("signingKey", signingKey)
                .build());
    ConnectionRecord stored = store.connection("disk").orElseThrow();
    assertThat(stored.sealedSecrets()).containsOnlyKeys("signingKey");
    assertThat(stored.sealedSecrets().get("signingKey")).doesNotContain(signingKey);
    assertThat(c.secrets().get("signingKey").reveal()).isEqualTo(signingKey);
    assertThat(c.toString()).doesNotContain(signingKey).contains("****WXYZ");
    assertThat(hub.settings("disk").setting("signingKey").orElseThrow().shownValue())
        .isEqualTo("****WXYZ");
  }

  @Test
  @DisplayName("a sealed secret copied to another connection's row does not open there")
  void movedEnvelopeFails() {
    String signingKey = "signing-key-0123456789-WXYZ";
    for (String id : new String[] {"a", "b"}) {
      hub.add(
          ConnectionSpec.builder(id, "local")
              .set("root", dir.resolve(id).toString())
              .secret("signingKey", id.equals("a") ? signingKey : "other-key-0123456789-abcd")
              .build());
    }
    ConnectionRecord a = store.connection("a").orElseThrow();
    ConnectionRecord b = store.connection("b").orElseThrow();
    store.update(
        Records.next(
            b,
            b.label(),
            b.settings(),
            a.sealedSecrets(),
            b.enabled(),
            b.intendedFeatures(),
            b.locations(),
            b.updatedAt()));
    // The settings page still shows it, flagged; using it fails.
    assertThat(hub.connection("b").orElseThrow().problem().orElseThrow())
        .contains("'b'", "signingKey")
        .doesNotContain(signingKey);
    var e = failsWith(Code.CONFIG_INVALID, () -> hub.settings("b"));
    assertThat(e.getMessage()).contains("'b'", "signingKey").doesNotContain(signingKey);
    assertThat(hub.connection("a").orElseThrow().secrets().get("signingKey").reveal())
        .isEqualTo(signingKey);
  }

  @Test
  @DisplayName("a null setting (an unset environment variable) is CONFIG_INVALID naming it")
  void nullSetting() {
    String unset = System.getenv("STOWAGE_TEST_SURELY_UNSET_VARIABLE");
    var e =
        failsWith(
            Code.CONFIG_INVALID, () -> ConnectionSpec.builder("disk", "local").set("root", unset));
    assertThat(e.getMessage()).contains("'root'");
    failsWith(Code.CONFIG_INVALID, () -> ConnectionEdit.builder().secret("signingKey", unset));
  }

  @Test
  @DisplayName("storing a secret without a sealer fails CONFIG_INVALID pointing at the config way")
  void secretWithoutSealer() {
    try (StorageHub plain = StorageHub.builder().build()) {
      var e =
          failsWith(
              Code.CONFIG_INVALID,
              () ->
                  plain.add(
                      ConnectionSpec.builder("disk", "local")
                          .set("root", dir.toString())
                          .secret("signingKey", "signing-key-0123456789")
                          .build()));
      assertThat(e.getMessage())
          .contains("master key", "STOWAGE_DISK_SIGNING_KEY", "stowage.disk.signingKey")
          .doesNotContain("signing-key-0123456789");
      assertThat(plain.connections()).isEmpty();
    }
  }

  @Test
  @DisplayName("edit changes only what it gives; a stale expected version is PRECONDITION_FAILED")
  void edit() {
    addLocal("disk", "a");
    Connection edited =
        hub.edit(
            "disk",
            ConnectionEdit.builder()
                .label("Renamed")
                .intendedFeatures(Set.of(Feature.READ))
                .build());
    assertThat(edited.label()).isEqualTo("Renamed");
    assertThat(edited.intendedFeatures()).containsExactly(Feature.READ);
    assertThat(edited.settings()).containsEntry("root", dir.resolve("a").toString());
    assertThat(edited.version()).isEqualTo(2);
    assertThat(edited.currentLocation()).isEqualTo(1);
    failsWith(
        Code.PRECONDITION_FAILED,
        () -> hub.edit("disk", ConnectionEdit.builder().label("x").expectedVersion(1).build()));
    failsWith(
        Code.CONFIG_INVALID,
        () -> hub.edit("disk", ConnectionEdit.builder().unset("root").build()));
    failsWith(Code.NOT_FOUND, () -> hub.edit("nope", ConnectionEdit.builder().build()));
    assertThat(hub.connection("disk").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  @DisplayName("an edit made by another hub on the same store meanwhile surfaces as a conflict")
  void concurrentEditConflicts() {
    RacingStore racing = new RacingStore();
    try (StorageHub one = StorageHub.builder().connectionStore(racing).build();
        StorageHub other = StorageHub.builder().connectionStore(racing).build()) {
      one.add(ConnectionSpec.builder("disk", "local").set("root", dir.toString()).build());
      racing.beforeNextUpdate(() -> other.disable("disk"));
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> one.edit("disk", ConnectionEdit.builder().label("mine").build()));
      Connection now = one.connection("disk").orElseThrow();
      assertThat(now.enabled()).isFalse();
      assertThat(now.label()).isEqualTo("disk");
      assertThat(now.version()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("switching the target is one call; uploads go there and get references")
  void uploadTarget() {
    addLocal("a", "a");
    addLocal("b", "b");
    failsWith(Code.PRECONDITION_FAILED, () -> hub.upload(UploadRequest.of("x.txt"), bytes("x")));
    hub.switchUploadTarget("a");
    StoredFile one = hub.upload(UploadRequest.of("docs/one.txt"), bytes("one"));
    hub.switchUploadTarget("b");
    StoredFile two =
        hub.upload(
            UploadRequest.builder("docs/two.txt").contentType("text/plain").build(),
            new ByteArrayInputStream(bytes("two!")),
            4);
    assertThat(hub.uploadTarget()).contains("b");
    assertThat(one.ref()).hasToString("stowage://a/docs/one.txt");
    assertThat(two.ref()).hasToString("stowage://b/docs/two.txt");
    assertThat(two.size()).isEqualTo(4);
    assertThat(two.contentType()).isEqualTo("text/plain");
    assertThat(two.badge()).isEqualTo(hub.connection("b").orElseThrow().badge());
    assertThat(hub.stat(one.ref()).size()).isEqualTo(3);
    try (ObjectContent c = hub.download(FileRef.parse(two.ref().toString()))) {
      assertThat(c.readAllBytes()).isEqualTo(bytes("two!"));
    }
    assertThat(store.file("a", 1, "docs/one.txt")).isPresent();
    failsWith(Code.NOT_FOUND, () -> hub.switchUploadTarget("nope"));
  }

  @Test
  @DisplayName("a disabled connection takes no uploads but serves, lists and deletes its files")
  void disabled() {
    addLocal("a", "a");
    hub.switchUploadTarget("a");
    StoredFile file = hub.upload(UploadRequest.of("f.txt"), bytes("hello"));
    hub.disable("a");
    assertThat(hub.connection("a").orElseThrow().enabled()).isFalse();
    var e =
        failsWith(
            Code.PRECONDITION_FAILED, () -> hub.upload(UploadRequest.of("g.txt"), bytes("g")));
    assertThat(e.getMessage()).contains("disabled", "Enable it", "switch the upload target");
    failsWith(
        Code.PRECONDITION_FAILED, () -> hub.uploadTo("a", UploadRequest.of("g.txt"), bytes("g")));
    failsWith(Code.PRECONDITION_FAILED, () -> hub.switchUploadTarget("a"));
    assertThat(hub.stat(file.ref()).size()).isEqualTo(5);
    assertThat(hub.listAll(HubListRequest.all()))
        .extracting(HubEntry::ref)
        .containsExactly(file.ref());
    hub.delete(file.ref());
    failsWith(Code.NOT_FOUND, () -> hub.stat(file.ref()));
    assertThat(store.countFiles("a")).isZero();
    hub.enable("a");
    hub.upload(UploadRequest.of("g.txt"), bytes("g"));
  }

  @Test
  @DisplayName(
      "a ranged download reads part of the file; a refused stream upload closes the stream")
  void rangeAndRefusedStream() {
    addLocal("a", "a");
    hub.switchUploadTarget("a");
    StoredFile file = hub.upload(UploadRequest.of("f.txt"), bytes("0123456789"));
    try (ObjectContent c = hub.download(file.ref(), dev.stowage.ByteRange.of(2, 5))) {
      assertThat(c.readAllBytes()).isEqualTo(bytes("2345"));
    }
    hub.disable("a");
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    ByteArrayInputStream stream =
        new ByteArrayInputStream(bytes("refused")) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    failsWith(Code.PRECONDITION_FAILED, () -> hub.upload(UploadRequest.of("g.txt"), stream, 7));
    assertThat(closed).isTrue();
  }

  @Test
  @DisplayName(
      "remove is refused while the hub knows files there, unless forced; it clears the target")
  void remove() {
    addLocal("a", "a");
    hub.switchUploadTarget("a");
    StoredFile file = hub.upload(UploadRequest.of("f.txt"), bytes("hello"));
    var e = failsWith(Code.PRECONDITION_FAILED, () -> hub.remove("a"));
    assertThat(e.getMessage()).contains("1 file");
    hub.delete(file.ref());
    hub.remove("a");
    assertThat(hub.connections()).isEmpty();
    assertThat(hub.uploadTarget()).isEmpty();
    failsWith(Code.NOT_FOUND, () -> hub.stat(file.ref()));

    addLocal("b", "b");
    hub.switchUploadTarget("b");
    hub.upload(UploadRequest.of("f.txt"), bytes("hello"));
    hub.remove("b", true);
    assertThat(hub.uploadTarget()).isEmpty();
    assertThat(store.countFiles("b")).isZero();
  }

  @Test
  @DisplayName("rotating a local signing key reopens the store on the same fixed 'listen' port")
  void reopenOnFixedPort() throws Exception {
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    hub.add(
        ConnectionSpec.builder("disk", "local")
            .set("root", dir.toString())
            .set("listen", "127.0.0.1:" + port)
            .secret("signingKey", "first-signing-key-0123456789")
            .build());
    hub.switchUploadTarget("disk");
    StoredFile file = hub.upload(UploadRequest.of("f.txt"), bytes("linked"));
    String before = hub.presign(file.ref(), java.time.Duration.ofMinutes(1)).url();
    hub.edit(
        "disk",
        ConnectionEdit.builder().secret("signingKey", "second-signing-key-0123456789").build());
    String after = hub.presign(file.ref(), java.time.Duration.ofMinutes(1)).url();
    assertThat(after).startsWith("http://127.0.0.1:" + port + "/").isNotEqualTo(before);
    var http =
        java.net.http.HttpClient.newBuilder()
            .proxy(java.net.http.HttpClient.Builder.NO_PROXY)
            .build();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(after)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes("linked"));
    // The old key's link died with the rotation.
    assertThat(
            http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(before)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("changing the root starts location 2; old references still read from the old root")
  void newLocation() {
    addLocal("disk", "old");
    hub.switchUploadTarget("disk");
    StoredFile before = hub.upload(UploadRequest.of("f.txt"), bytes("before"));
    Connection moved =
        hub.edit(
            "disk", ConnectionEdit.builder().set("root", dir.resolve("new").toString()).build());
    assertThat(moved.currentLocation()).isEqualTo(2);
    StoredFile after = hub.upload(UploadRequest.of("f.txt"), bytes("after"));
    assertThat(after.ref()).hasToString("stowage://disk~2/f.txt");
    try (ObjectContent c = hub.download(before.ref())) {
      assertThat(c.readAllBytes()).isEqualTo(bytes("before"));
    }
    try (ObjectContent c = hub.download(after.ref())) {
      assertThat(c.readAllBytes()).isEqualTo(bytes("after"));
    }
    // Back to the old root: location 1 again, not a third one.
    Connection back =
        hub.edit(
            "disk", ConnectionEdit.builder().set("root", dir.resolve("old").toString()).build());
    assertThat(back.currentLocation()).isEqualTo(1);
    assertThat(store.connection("disk").orElseThrow().locations())
        .extracting(l -> l.number())
        .containsExactly(2, 1);
    failsWith(Code.NOT_FOUND, () -> hub.stat(FileRef.of("disk", "f.txt", 3)));
  }
}
