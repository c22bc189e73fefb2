package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.ObjectContent;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Moves: a source is deleted only after its copy is verified, and old references keep working. */
class MigrationMoveTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  @Test
  @DisplayName(
      "move local → S3: a copy altered before read-back keeps its source; old refs resolve")
  void sourceDeletedOnlyAfterVerification() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withS3(S3)) {
      StorageHub hub = fixture.hub;
      Map<FileRef, byte[]> files = new LinkedHashMap<>();
      for (String name : List.of("a.zip", "b.txt", "c.pdf", "d")) {
        byte[] bytes = ("the bytes of " + name).repeat(100).getBytes(StandardCharsets.UTF_8);
        UploadRequest request =
            UploadRequest.builder("products/" + name)
                .contentType(name.equals("b.txt") ? "text/plain" : "application/zip")
                .downloadFilename("Ünïcode " + name)
                .metadata("sku", "sku-" + name)
                .build();
        files.put(hub.uploadTo("disk", request, bytes).ref(), bytes);
      }
      hub.disable("disk"); // a disabled connection still serves, so it can be moved away from
      FileRef altered = FileRef.of("disk", "products/b.txt");

      MigrationResult result =
          hub.migrate(
              MigrationPlan.builder()
                  .from("disk")
                  .to("s3-main")
                  .prefix("products/")
                  .mode(MigrationMode.MOVE)
                  .journal(dir.resolve("move.journal"))
                  .build(),
              MigrationListener.NONE,
              new MigrationHooks() {
                @Override
                public void afterUpload(FileRef source, FileRef copy) {
                  if (source.equals(altered)) { // someone writes the key between upload and check
                    hub.uploadTo("s3-main", UploadRequest.of(copy.key()), new byte[] {1, 2, 3});
                  }
                }
              });

      assertThat(result.copied()).isEqualTo(3);
      assertThat(result.failed()).isEqualTo(1);
      assertThat(result.complete()).isFalse();
      MigrationFailure failure = result.failures().get(0);
      assertThat(failure.source()).isEqualTo(altered);
      assertThat(failure.stage()).isEqualTo(MigrationStage.VERIFY);
      assertThat(failure.message()).doesNotContain(dir.toString()).contains("was left");
      assertThat(result.refs()).doesNotContainKey(altered).hasSize(3);

      try (Store disk = fixture.directLocal("disk");
          Store s3 = fixture.directS3()) {
        // The altered one: source kept, its reference unchanged, and the other writer's object
        // at the key left as it is (it is not the copy this migration wrote).
        assertThat(disk.exists("products/b.txt")).isTrue();
        assertThat(s3.readAllBytes("products/b.txt")).containsExactly(1, 2, 3);
        assertThat(download(hub, altered)).isEqualTo(files.get(altered));
        // The others: gone from the disk, at the same key on S3.
        for (FileRef old : result.refs().keySet()) {
          assertThat(disk.exists(old.key())).as(old.key()).isFalse();
          assertThat(s3.exists(old.key())).as(old.key()).isTrue();
        }
      }

      // Old references resolve to the new place: stat, download, presign.
      for (Map.Entry<FileRef, FileRef> moved : result.refs().entrySet()) {
        FileRef old = moved.getKey();
        assertThat(moved.getValue()).isEqualTo(FileRef.of("s3-main", old.key()));
        assertThat(hub.stat(old).size()).isEqualTo(files.get(old).length);
        assertThat(hub.stat(old).contentType()).contains("application/zip");
        assertThat(hub.stat(old).metadata()).containsEntry("sku", "sku-" + old.key().substring(9));
        assertThat(hub.stat(old).contentDisposition()).get().asString().contains("filename*=");
        assertThat(download(hub, old)).isEqualTo(files.get(old));
        PresignedRequest link = hub.presign(FileRef.parse(old.toString()), Duration.ofMinutes(5));
        assertThat(link.url()).startsWith(S3.server().endpoint().toString());
        HttpResponse<byte[]> fetched =
            http.send(
                HttpRequest.newBuilder(URI.create(link.url())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(files.get(old));
        FileRecord record = fixture.index.file("disk", 1, old.key()).orElseThrow();
        assertThat(record.movedTo()).contains(moved.getValue().toString());
        assertThat(fixture.index.file("s3-main", 1, old.key())).isPresent();
      }
      // The hub still knows files on the disk (the redirects): removing it is refused.
      failsWith(Code.PRECONDITION_FAILED, () -> hub.remove("disk"));
    }
  }

  @Test
  @DisplayName("a move that crashed before deleting a source finishes that delete when resumed")
  void resumedMoveFinishesPendingDeletes() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withLocal("archive")) {
      StorageHub hub = fixture.hub;
      for (int i = 0; i < 5; i++) {
        hub.uploadTo("disk", UploadRequest.of("products/f" + i), ("file " + i).getBytes());
      }
      MigrationPlan plan =
          MigrationPlan.builder()
              .from("disk")
              .to("archive")
              .prefix("products/")
              .destinationPrefix("moved/")
              .mode(MigrationMode.MOVE)
              .journal(dir.resolve("move.journal"))
              .build();
      AtomicInteger deletes = new AtomicInteger();
      Throwable crash =
          catchThrowable(
              () ->
                  hub.migrate(
                      plan,
                      MigrationListener.NONE,
                      new MigrationHooks() {
                        @Override
                        public void beforeSourceDelete(FileRef source) {
                          if (deletes.incrementAndGet() == 2) {
                            throw new IllegalStateException("simulated crash");
                          }
                        }
                      }));
      assertThat(crash).hasMessage("simulated crash");
      FileRef pending = FileRef.of("disk", "products/f1");
      try (Store disk = fixture.directLocal("disk")) {
        assertThat(disk.exists("products/f0")).isFalse();
        assertThat(disk.exists("products/f1")).as("copied, not yet deleted").isTrue();
      }
      // Not yet redirected (that follows the checks before the delete): the source still serves.
      assertThat(fixture.index.file("disk", 1, "products/f1").orElseThrow().movedTo()).isEmpty();

      MigrationResult resumed = hub.migrate(plan);
      assertThat(resumed.skipped()).isEqualTo(2);
      assertThat(resumed.copied()).isEqualTo(3);
      assertThat(resumed.complete()).isTrue();
      assertThat(resumed.refs()).hasSize(5);
      try (Store disk = fixture.directLocal("disk")) {
        assertThat(disk.listAll("products/").toList()).isEmpty();
      }
      for (int i = 0; i < 5; i++) {
        FileRef old = FileRef.of("disk", "products/f" + i);
        assertThat(resumed.newRef(old)).contains(FileRef.of("archive", "moved/products/f" + i));
        assertThat(download(hub, old)).isEqualTo(("file " + i).getBytes());
        assertThat(fixture.uploadsByKey.get("local moved/products/f" + i)).hasValue(1);
      }
      assertThat(download(hub, pending)).isEqualTo("file 1".getBytes());
      List<String> lines = Files.readAllLines(dir.resolve("move.journal"));
      assertThat(lines).filteredOn(l -> l.startsWith("copied\t")).hasSize(5);
      assertThat(lines).filteredOn(l -> l.startsWith("deleted\t")).hasSize(5);
    }
  }

  @Test
  @DisplayName("a resumed move keeps a source that changed while the run was down")
  void resumedMoveKeepsASourceChangedSinceItsCopyWasVerified() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = fixture.hub;
      FileRef ref = hub.uploadTo("a", UploadRequest.of("x"), "v1".getBytes()).ref();
      MigrationPlan plan = movePlan();
      Throwable crash =
          catchThrowable(
              () ->
                  hub.migrate(
                      plan,
                      MigrationListener.NONE,
                      new MigrationHooks() {
                        @Override
                        public void beforeSourceDelete(FileRef source) {
                          throw new IllegalStateException("crash");
                        }
                      }));
      assertThat(crash).hasMessage("crash");
      // A new version of the file is saved while the migration is down.
      hub.uploadTo("a", UploadRequest.of("x"), "v2-unmigrated".getBytes());

      MigrationResult resumed = hub.migrate(plan);

      assertSourceKept(fixture, resumed, ref, "v2-unmigrated");
    }
  }

  @Test
  @DisplayName("a move keeps a source that changed between its verification and its delete")
  void moveKeepsASourceChangedAfterVerification() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = fixture.hub;
      FileRef ref = hub.uploadTo("a", UploadRequest.of("x"), "v1".getBytes()).ref();
      MigrationResult result =
          hub.migrate(
              movePlan(),
              MigrationListener.NONE,
              new MigrationHooks() {
                @Override
                public void beforeSourceDelete(FileRef source) {
                  try (Store a = fixture.directLocal("a")) {
                    a.upload(UploadRequest.of("x"), "v2".getBytes());
                  }
                }
              });

      assertSourceKept(fixture, result, ref, "v2");
    }
  }

  @Test
  @DisplayName("a move keeps its source when the verified copy changed before the delete")
  void moveKeepsTheSourceWhenTheCopyChanged() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = fixture.hub;
      FileRef ref = hub.uploadTo("a", UploadRequest.of("x"), "v1".getBytes()).ref();
      MigrationResult result =
          hub.migrate(
              movePlan(),
              MigrationListener.NONE,
              new MigrationHooks() {
                @Override
                public void beforeSourceDelete(FileRef source) {
                  try (Store b = fixture.directLocal("b")) {
                    b.upload(UploadRequest.of("x"), "v9".getBytes()); // same size, other bytes
                  }
                }
              });

      assertSourceKept(fixture, result, ref, "v1");
    }
  }

  private MigrationPlan movePlan() {
    return MigrationPlan.builder()
        .from("a")
        .to("b")
        .prefix("")
        .mode(MigrationMode.MOVE)
        .journal(dir.resolve("move.journal"))
        .build();
  }

  /** The source is kept with {@code content}, not redirected, and the failure says why. */
  private void assertSourceKept(
      MigrationHub fixture, MigrationResult result, FileRef ref, String content) throws Exception {
    assertThat(result.failed()).isEqualTo(1);
    MigrationFailure failure = result.failures().get(0);
    assertThat(failure.source()).isEqualTo(ref);
    assertThat(failure.stage()).isEqualTo(MigrationStage.DELETE_SOURCE);
    assertThat(failure.code()).isEqualTo(Code.PRECONDITION_FAILED);
    assertThat(failure.message()).doesNotContain(dir.toString());
    try (Store a = fixture.directLocal("a")) {
      assertThat(a.exists("x")).as("the changed source is kept").isTrue();
    }
    assertThat(fixture.index.file("a", 1, "x").orElseThrow().movedTo()).isEmpty();
    assertThat(download(fixture.hub, ref)).isEqualTo(content.getBytes());
    assertThat(Files.readAllLines(dir.resolve("move.journal")))
        .noneMatch(l -> l.startsWith("deleted\t"));
  }

  private static byte[] download(StorageHub hub, FileRef ref) {
    try (ObjectContent content = hub.download(ref)) {
      return content.readAllBytes();
    }
  }
}
