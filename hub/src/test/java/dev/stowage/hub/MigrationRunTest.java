package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans, references, cancelling and refusals, between two local connections. */
class MigrationRunTest {

  @TempDir Path dir;

  private MigrationHub fixture(int files) {
    MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withLocal("archive");
    for (int i = 0; i < files; i++) {
      fixture.hub.uploadTo("disk", UploadRequest.of("products/f" + i), ("file " + i).getBytes());
    }
    return fixture;
  }

  @Test
  @DisplayName("a set of references: exactly those are copied, the sources stay")
  void copiesGivenReferences() {
    try (MigrationHub fixture = fixture(4)) {
      FileRef f1 = FileRef.of("disk", "products/f1");
      FileRef f3 = FileRef.of("disk", "products/f3");
      MigrationResult result =
          fixture.hub.migrate(
              MigrationPlan.builder().from("disk").to("archive").refs(List.of(f3, f1)).build());
      assertThat(result.refs())
          .containsOnlyKeys(f3, f1)
          .containsEntry(f1, FileRef.of("archive", "products/f1"));
      try (Store archive = fixture.directLocal("archive");
          Store disk = fixture.directLocal("disk")) {
        assertThat(archive.listAll("").map(i -> i.key()).toList())
            .containsExactly("products/f1", "products/f3");
        assertThat(disk.listAll("").count()).isEqualTo(4);
      }
      // A copy leaves the old reference where it was.
      assertThat(fixture.index.file("disk", 1, "products/f1").orElseThrow().movedTo()).isEmpty();
    }
  }

  @Test
  @DisplayName("a missing reference fails alone; stopOnFirstFailure stops there")
  void failuresAreTypedAndPerObject() {
    try (MigrationHub fixture = fixture(2)) {
      List<FileRef> refs =
          List.of(
              FileRef.of("disk", "products/f0"),
              FileRef.of("disk", "products/missing"),
              FileRef.of("disk", "products/f1"));
      MigrationResult all =
          fixture.hub.migrate(
              MigrationPlan.builder().from("disk").to("archive").refs(refs).build());
      assertThat(all.copied()).isEqualTo(2);
      assertThat(all.failures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.source().key()).isEqualTo("products/missing");
                assertThat(f.stage()).isEqualTo(MigrationStage.READ_SOURCE);
                assertThat(f.code()).isEqualTo(Code.NOT_FOUND);
              });

      MigrationResult stopped =
          fixture.hub.migrate(
              MigrationPlan.builder()
                  .from("disk")
                  .to("archive")
                  .destinationPrefix("again/")
                  .refs(refs)
                  .stopOnFirstFailure(true)
                  .build());
      assertThat(stopped.copied()).isEqualTo(1);
      assertThat(stopped.failed()).isEqualTo(1);
      assertThat(stopped.cancelled()).isFalse();
    }
  }

  @Test
  @DisplayName("eight workers move 60 objects: each uploaded, journaled and deleted exactly once")
  void parallelMove() throws Exception {
    try (MigrationHub fixture = fixture(60)) {
      Path journal = dir.resolve("parallel.journal");
      List<MigrationProgress> events = new java.util.ArrayList<>();
      MigrationResult result =
          fixture.hub.migrate(
              MigrationPlan.builder()
                  .from("disk")
                  .to("archive")
                  .prefix("products/")
                  .destinationPrefix("moved/")
                  .mode(MigrationMode.MOVE)
                  .journal(journal)
                  .parallelism(8)
                  .build(),
              events::add);
      assertThat(result.copied()).isEqualTo(60);
      assertThat(result.complete()).isTrue();
      assertThat(result.refs()).hasSize(60);
      MigrationProgress end = events.get(events.size() - 1);
      assertThat(end.objectsDone()).isEqualTo(60);
      assertThat(end.copied()).isEqualTo(60);
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).objectsDone())
            .isGreaterThanOrEqualTo(events.get(i - 1).objectsDone());
      }
      for (int i = 0; i < 60; i++) {
        assertThat(fixture.uploadsByKey.get("local moved/products/f" + i)).hasValue(1);
        assertThat(fixture.hub.stat(FileRef.of("disk", "products/f" + i)).size())
            .isEqualTo(("file " + i).length());
      }
      List<String> lines = java.nio.file.Files.readAllLines(journal);
      assertThat(lines).filteredOn(l -> l.startsWith("copied\t")).hasSize(60);
      assertThat(lines).filteredOn(l -> l.startsWith("deleted\t")).hasSize(60);
      try (Store disk = fixture.directLocal("disk")) {
        assertThat(disk.listAll("products/").count()).isZero();
      }
      // Run again: everything is skipped, nothing goes up.
      MigrationResult again =
          fixture.hub.migrate(
              MigrationPlan.builder()
                  .from("disk")
                  .to("archive")
                  .prefix("products/")
                  .destinationPrefix("moved/")
                  .mode(MigrationMode.MOVE)
                  .journal(journal)
                  .build());
      assertThat(again.skipped()).isEqualTo(60);
      assertThat(again.copied()).isZero();
      assertThat(fixture.uploadsTo("local")).isEqualTo(120);
    }
  }

  @Test
  @DisplayName("interrupting the migrating thread stops it cleanly after the current object")
  void interruptStopsAfterTheCurrentObject() {
    try (MigrationHub fixture = fixture(6)) {
      MigrationResult result;
      try {
        result =
            fixture.hub.migrate(
                MigrationPlan.builder().from("disk").to("archive").prefix("").build(),
                p -> {
                  if (p.copied() == 2 && p.currentKey().isEmpty()) {
                    Thread.currentThread().interrupt();
                  }
                });
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
      }
      assertThat(result.cancelled()).isTrue();
      assertThat(result.copied()).isEqualTo(2);
      assertThat(result.refs()).hasSize(2);
      assertThat(fixture.uploadsTo("local")).isEqualTo(6 + 2);
    }
  }

  @Test
  @DisplayName("bad plans, unknown connections and a disabled target are refused before any copy")
  void refusals() {
    try (MigrationHub fixture = fixture(1)) {
      StorageHub hub = fixture.hub;
      failsWith(
          Code.INVALID_ARGUMENT,
          () -> MigrationPlan.builder().from("disk").to("disk").prefix("").build());
      failsWith(Code.INVALID_ARGUMENT, () -> MigrationPlan.builder().from("disk").to("x").build());
      failsWith(
          Code.INVALID_ARGUMENT,
          () ->
              MigrationPlan.builder()
                  .from("disk")
                  .to("archive")
                  .prefix("")
                  .refs(List.of(FileRef.of("disk", "a")))
                  .build());
      failsWith(
          Code.INVALID_ARGUMENT,
          () ->
              MigrationPlan.builder()
                  .from("disk")
                  .to("archive")
                  .refs(List.of(FileRef.of("archive", "a")))
                  .build());
      failsWith(
          Code.INVALID_ARGUMENT, () -> MigrationPlan.builder().to("archive").prefix("").build());
      failsWith(
          Code.NOT_FOUND,
          () -> hub.migrate(MigrationPlan.builder().from("nope").to("archive").prefix("").build()));
      hub.disable("archive");
      StorageException e =
          failsWith(
              Code.PRECONDITION_FAILED,
              () ->
                  hub.migrate(
                      MigrationPlan.builder().from("disk").to("archive").prefix("").build()));
      assertThat(e.getMessage()).contains("disabled");
      assertThat(fixture.uploadsTo("local")).isEqualTo(1);
    }
  }
}
