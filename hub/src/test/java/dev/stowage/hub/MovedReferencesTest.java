package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redirects a move leaves behind: kept per location, so later uploads to the old connection do
 * not overwrite them, and guarding the connection against a remove that would break them.
 */
class MovedReferencesTest {

  @TempDir Path dir;

  private static String read(StorageHub hub, FileRef ref) throws Exception {
    try (ObjectContent c = hub.download(ref)) {
      return new String(c.stream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void moveAll(StorageHub hub, String from, String to) {
    hub.migrate(
        MigrationPlan.builder().from(from).to(to).prefix("").mode(MigrationMode.MOVE).build());
  }

  @Test
  @DisplayName(
      "a moved file's old reference survives an upload of its key at the connection's new location")
  void redirectSurvivesUploadOfItsKeyAtANewLocation() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      moveAll(hub, "a", "b");
      assertThat(read(hub, old)).isEqualTo("v1");

      hub.edit("a", ConnectionEdit.builder().set("root", dir.resolve("a2").toString()).build());
      FileRef fresh = hub.uploadTo("a", UploadRequest.of("x"), bytes("other")).ref();

      assertThat(fresh).isEqualTo(FileRef.of("a", "x", 2));
      assertThat(read(hub, old)).as("the old reference still redirects to b").isEqualTo("v1");
      assertThat(read(hub, fresh)).isEqualTo("other");
      assertThat(f.index.file("a", 1, "x").orElseThrow().movedTo())
          .contains(FileRef.of("b", "x").toString());
      assertThat(f.index.file("a", 2, "x").orElseThrow().movedTo()).isEmpty();
    }
  }

  @Test
  @DisplayName("deleting the new location's file leaves the old location's redirect in place")
  void deleteAtNewLocationKeepsOldRedirect() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      moveAll(hub, "a", "b");
      hub.edit("a", ConnectionEdit.builder().set("root", dir.resolve("a2").toString()).build());
      FileRef fresh = hub.uploadTo("a", UploadRequest.of("x"), bytes("other")).ref();

      hub.delete(fresh);

      assertThat(f.index.file("a", 2, "x")).isEmpty();
      assertThat(read(hub, old)).isEqualTo("v1");
    }
  }

  @Test
  @DisplayName("remove is refused while a connection holds live files, whatever redirects it has")
  void removeRefusedWhileFilesLive() {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a")) {
      f.hub.uploadTo("a", UploadRequest.of("x"), bytes("v1"));
      StorageException e = failsWith(Code.PRECONDITION_FAILED, () -> f.hub.remove("a"));
      assertThat(e.getMessage()).contains("still holds 1 file(s)");
    }
  }

  @Test
  @DisplayName(
      "a connection everything moved off: remove is refused, saying old references redirect"
          + " through it and suggesting disable, which keeps them working")
  void removeRefusedWhileOldReferencesRedirect() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      moveAll(hub, "a", "b");

      StorageException e = failsWith(Code.PRECONDITION_FAILED, () -> hub.remove("a"));
      assertThat(e.getMessage())
          .contains("old references to 1 moved file(s) still redirect through it")
          .contains("disable");
      assertThat(hub.connection("a")).isPresent();

      hub.disable("a");
      assertThat(read(hub, old)).isEqualTo("v1");
      failsWith(
          Code.PRECONDITION_FAILED, () -> hub.uploadTo("a", UploadRequest.of("y"), bytes("no")));
    }
  }

  @Test
  @DisplayName("a forced remove of a connection everything moved off breaks its old references")
  void forcedRemoveDropsRedirects() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      moveAll(hub, "a", "b");

      hub.remove("a", true);

      assertThat(hub.connection("a")).isEmpty();
      failsWith(Code.NOT_FOUND, () -> read(hub, old));
      assertThat(read(hub, FileRef.of("b", "x"))).isEqualTo("v1");
    }
  }

  @Test
  @DisplayName(
      "an upload, upload link or confirmation at a redirected reference is refused: the old"
          + " reference keeps leading to the moved file")
  void writesAtARedirectedReferenceRefused() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("b")) {
      StorageHub hub = f.hub;
      hub.add(
          ConnectionSpec.builder("a", "local")
              .set("root", dir.resolve("a").toString())
              .set("listen", "127.0.0.1:0") // signs upload links
              .secret("signingKey", "a-signing-key-for-the-local-links-0001")
              .build());
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      hub.switchUploadTarget("a");
      PresignedUpload signedBeforeTheMove =
          hub.presignUpload(PresignRequest.put("x", Duration.ofMinutes(5)));
      moveAll(hub, "a", "b");

      StorageException e =
          failsWith(
              Code.PRECONDITION_FAILED,
              () -> hub.uploadTo("a", UploadRequest.of("x"), bytes("other")));
      assertThat(e.getMessage())
          .contains("was moved to stowage://b/x")
          .contains("upload under another key");
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> hub.presignUpload(PresignRequest.put("x", Duration.ofMinutes(5))));
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> hub.presignPost(PostPolicyRequest.exactKey("x", 100, Duration.ofMinutes(5))));
      failsWith(Code.PRECONDITION_FAILED, () -> hub.confirmUpload(signedBeforeTheMove.ref()));

      assertThat(read(hub, old)).isEqualTo("v1");
      assertThat(f.index.file("a", 1, "x").orElseThrow().movedTo())
          .contains(FileRef.of("b", "x").toString());
      assertThat(hub.uploadTo("a", UploadRequest.of("y"), bytes("fine")).ref())
          .isEqualTo(FileRef.of("a", "y"));
    }
  }

  @Test
  @DisplayName(
      "moving a file back where it came from replaces the redirect there: every reference resolves")
  void moveBackReplacesTheRedirectToItsSource() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef old = hub.uploadTo("a", UploadRequest.of("x"), bytes("v1")).ref();
      moveAll(hub, "a", "b");
      MigrationResult back =
          hub.migrate(
              MigrationPlan.builder()
                  .from("b")
                  .to("a")
                  .prefix("")
                  .mode(MigrationMode.MOVE)
                  .build());

      assertThat(back.failures()).isEmpty();
      assertThat(f.index.file("a", 1, "x").orElseThrow().movedTo()).isEmpty();
      assertThat(read(hub, old)).isEqualTo("v1");
      assertThat(read(hub, FileRef.of("b", "x"))).isEqualTo("v1");
    }
  }
}
