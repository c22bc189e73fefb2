package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.ObjectContent;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination key that already holds an object: never overwritten; taken as the copy only when it
 * holds the source's bytes (a run that crashed before its journal line).
 */
class MigrationCollisionTest {

  @TempDir Path dir;

  @Test
  @DisplayName("another object at the destination key is a collision: both objects are kept")
  void neverOverwritesAnotherObjectAtTheDestinationKey() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef source = hub.uploadTo("a", UploadRequest.of("x"), bytes("from-a")).ref();
      FileRef precious = hub.uploadTo("b", UploadRequest.of("x"), bytes("precious")).ref();

      MigrationResult r =
          hub.migrate(
              MigrationPlan.builder()
                  .from("a")
                  .to("b")
                  .prefix("")
                  .mode(MigrationMode.MOVE)
                  .journal(dir.resolve("j"))
                  .build());

      assertThat(r.copied()).isZero();
      assertThat(r.failed()).isEqualTo(1);
      MigrationFailure failure = r.failures().get(0);
      assertThat(failure.source()).isEqualTo(source);
      assertThat(failure.stage()).isEqualTo(MigrationStage.COLLISION);
      assertThat(failure.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(failure.message()).doesNotContain(dir.toString());
      assertThat(r.refs()).isEmpty();
      assertThat(read(hub, precious)).isEqualTo("precious");
      assertThat(read(hub, source)).isEqualTo("from-a");
      try (Store a = f.directLocal("a")) {
        assertThat(a.exists("x")).isTrue();
      }
    }
  }

  @Test
  @DisplayName("a copy verified by a run that crashed before journaling it is verified, not copied")
  void identicalObjectFromACrashedRunIsVerifiedNotCopied() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef source = hub.uploadTo("a", UploadRequest.of("x"), bytes("the bytes")).ref();
      MigrationPlan plan =
          MigrationPlan.builder()
              .from("a")
              .to("b")
              .prefix("")
              .mode(MigrationMode.MOVE)
              .journal(dir.resolve("j"))
              .build();
      Throwable crash =
          catchThrowable(
              () ->
                  hub.migrate(
                      plan,
                      MigrationListener.NONE,
                      new MigrationHooks() {
                        @Override
                        public void afterVerified(FileRef from, FileRef copy) {
                          throw new IllegalStateException("crash");
                        }
                      }));
      assertThat(crash).hasMessage("crash");

      MigrationResult resumed = hub.migrate(plan);

      assertThat(resumed.copied()).isZero();
      assertThat(resumed.skipped()).isEqualTo(1);
      assertThat(resumed.failed()).isZero();
      assertThat(resumed.newRef(source)).contains(FileRef.of("b", "x"));
      assertThat(read(hub, source)).isEqualTo("the bytes");
      try (Store a = f.directLocal("a")) {
        assertThat(a.exists("x")).as("moved: the source is deleted").isFalse();
      }
    }
  }

  @Test
  @DisplayName("a copy that fails verification and is still the one written is removed")
  void unverifiedCopyStillOursIsRemoved() throws Exception {
    try (MigrationHub f = new MigrationHub(dir).withLocal("a").withLocal("b")) {
      StorageHub hub = f.hub;
      FileRef source = hub.uploadTo("a", UploadRequest.of("x"), bytes("the bytes")).ref();
      f.corruptReads.add("local moved/x"); // the read-back differs, the object does not

      MigrationResult r =
          hub.migrate(
              MigrationPlan.builder()
                  .from("a")
                  .to("b")
                  .prefix("")
                  .destinationPrefix("moved/")
                  .mode(MigrationMode.MOVE)
                  .build());

      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.failures().get(0).stage()).isEqualTo(MigrationStage.VERIFY);
      assertThat(r.failures().get(0).message()).contains("the copy was removed");
      try (Store a = f.directLocal("a");
          Store b = f.directLocal("b")) {
        assertThat(b.exists("moved/x")).isFalse();
        assertThat(a.exists("x")).isTrue();
      }
      assertThat(read(hub, source)).isEqualTo("the bytes");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(StorageHub hub, FileRef ref) throws Exception {
    try (ObjectContent c = hub.download(ref)) {
      return new String(c.stream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
