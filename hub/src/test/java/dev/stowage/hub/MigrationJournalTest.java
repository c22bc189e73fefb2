package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: torn last lines after a crash, damage, and plans that do not match it. */
class MigrationJournalTest {

  @TempDir Path dir;

  private MigrationHub fixture(int files) {
    MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withLocal("archive");
    for (int i = 0; i < files; i++) {
      fixture.hub.uploadTo("disk", UploadRequest.of("products/f" + i), ("file " + i).getBytes());
    }
    return fixture;
  }

  private MigrationPlan.Builder plan() {
    return MigrationPlan.builder()
        .from("disk")
        .to("archive")
        .prefix("products/")
        .journal(dir.resolve("run.journal"));
  }

  private int archived(MigrationHub fixture, String key) {
    var count = fixture.uploadsByKey.get("local " + key);
    return count == null ? 0 : count.get() - 1; // minus the seeding upload to the disk
  }

  @Test
  @DisplayName("a torn last line (no line end) is dropped and the run resumes")
  void tornLastLineIsDropped() throws Exception {
    try (MigrationHub fixture = fixture(6)) {
      Path journal = dir.resolve("run.journal");
      assertThat(fixture.hub.migrate(plan().build()).copied()).isEqualTo(6);
      Files.writeString(
          journal, "copied\tstowage://disk/products/f", StandardOpenOption.APPEND); // crash

      MigrationResult again = fixture.hub.migrate(plan().build());
      assertThat(again.skipped()).isEqualTo(6);
      assertThat(again.copied()).isZero();
      assertThat(again.refs()).hasSize(6);
      assertThat(Files.readAllLines(journal)).hasSize(7);
      assertThat(Files.readString(journal)).endsWith("\n").doesNotContain("products/f\n");
    }
  }

  @Test
  @DisplayName(
      "a last entry cut short by a crash is verified again, and only that one: its copy is found"
          + " at the destination, not overwritten")
  void cutLastEntryIsCopiedAgain() throws Exception {
    try (MigrationHub fixture = fixture(6)) {
      Path journal = dir.resolve("run.journal");
      fixture.hub.migrate(plan().build());
      List<String> lines = Files.readAllLines(journal);
      String last = lines.get(lines.size() - 1);
      String lastKey = FileRef.parse(last.split("\t")[1]).key();
      try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() - 20); // the line's end and CRC are gone
      }
      MigrationResult again = fixture.hub.migrate(plan().build());
      assertThat(again.skipped()).as("5 journaled, 1 found identical").isEqualTo(6);
      assertThat(again.copied()).isZero();
      assertThat(again.failed()).isZero();
      assertThat(Files.readAllLines(journal)).hasSize(7);
      assertThat(again.refs()).hasSize(6);
      for (int i = 0; i < 6; i++) {
        String key = "products/f" + i;
        assertThat(archived(fixture, key)).as(key).isEqualTo(key.equals(lastKey) ? 2 : 1);
      }
    }
  }

  @Test
  @DisplayName("a last line with a wrong checksum (garbage after a crash) is dropped")
  void lastLineWithWrongChecksumIsDropped() throws Exception {
    try (MigrationHub fixture = fixture(3)) {
      Path journal = dir.resolve("run.journal");
      fixture.hub.migrate(plan().build());
      Files.writeString(journal, "\0\0\0\0\n", StandardOpenOption.APPEND);
      MigrationResult again = fixture.hub.migrate(plan().build());
      assertThat(again.skipped()).isEqualTo(3);
      assertThat(again.copied()).isZero();
      assertThat(Files.readAllLines(journal)).hasSize(4);
    }
  }

  @Test
  @DisplayName("damage before the last line is refused, naming the line but not the folder")
  void damageBeforeTheLastLineIsRefused() throws Exception {
    try (MigrationHub fixture = fixture(4)) {
      Path journal = dir.resolve("run.journal");
      fixture.hub.migrate(plan().build());
      String text = Files.readString(journal);
      int second = text.indexOf("products/f1");
      Files.writeString(
          journal, text.substring(0, second) + "products/fX" + text.substring(second + 11));
      StorageException e =
          failsWith(Code.INVALID_ARGUMENT, () -> fixture.hub.migrate(plan().build()));
      assertThat(e.getMessage())
          .contains("run.journal")
          .contains("line 3")
          .doesNotContain(dir.toString());
    }
  }

  @Test
  @DisplayName("a journal written for another plan is refused, saying what differs")
  void anotherPlanIsRefused() throws Exception {
    try (MigrationHub fixture = fixture(2)) {
      fixture.hub.add(
          ConnectionSpec.builder("other", "local")
              .set("root", dir.resolve("other").toString())
              .build());
      fixture.hub.migrate(plan().build());
      StorageException mode =
          failsWith(
              Code.PRECONDITION_FAILED,
              () -> fixture.hub.migrate(plan().mode(MigrationMode.MOVE).build()));
      assertThat(mode.getMessage())
          .contains("mode=COPY (this plan: mode=MOVE)")
          .doesNotContain(dir.toString());
      StorageException target =
          failsWith(
              Code.PRECONDITION_FAILED, () -> fixture.hub.migrate(plan().to("other").build()));
      assertThat(target.getMessage()).contains("to=archive (this plan: to=other)");
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> fixture.hub.migrate(plan().prefix("products/f1").build()));
      failsWith(
          Code.PRECONDITION_FAILED,
          () -> fixture.hub.migrate(plan().destinationPrefix("x/").build()));
      failsWith(
          Code.PRECONDITION_FAILED,
          () ->
              fixture.hub.migrate(
                  MigrationPlan.builder()
                      .from("disk")
                      .to("archive")
                      .refs(List.of(FileRef.of("disk", "products/f0")))
                      .journal(dir.resolve("run.journal"))
                      .build()));
      // Nothing was copied by the refused runs.
      assertThat(archived(fixture, "products/f0")).isEqualTo(1);
      assertThat(fixture.uploadsByKey).doesNotContainKey("local x/products/f0");
    }
  }

  @Test
  @DisplayName("a copied line holds the source's and the copy's ETags, read back on resume")
  void copiedLineHoldsBothEtags() throws Exception {
    try (MigrationHub fixture = fixture(1)) {
      Path journal = dir.resolve("run.journal");
      fixture.hub.migrate(plan().build());
      List<String> lines = Files.readAllLines(journal);
      assertThat(lines.get(0)).startsWith("stowage-migration/2\t");
      String[] copied = lines.get(1).split("\t", -1);
      String etag = fixture.hub.stat(FileRef.of("disk", "products/f0")).etag().orElseThrow();
      assertThat(copied).hasSize(8); // seven fields and the CRC
      assertThat(copied[5]).isEqualTo(etag);
      assertThat(copied[6]).isEqualTo(etag); // same bytes, and the local ETag is their MD5
      try (MigrationJournal reopened = MigrationJournal.open(journal, plan().build())) {
        MigrationJournal.Copied c = reopened.copied().get(0);
        assertThat(c.sourceEtag()).contains(etag);
        assertThat(c.copyEtag()).contains(etag);
      }
    }
  }

  @Test
  @DisplayName("a version 1 journal (no ETags) is refused, saying why and what to do")
  void versionOneJournalIsRefused() throws Exception {
    try (MigrationHub fixture = fixture(1)) {
      Path journal = dir.resolve("run.journal");
      fixture.hub.migrate(plan().build());
      List<String> lines = Files.readAllLines(journal);
      String header = lines.get(0).substring(0, lines.get(0).lastIndexOf('\t'));
      String v1 = header.replace("stowage-migration/2", "stowage-migration/1");
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(v1.getBytes(StandardCharsets.UTF_8));
      Files.writeString(journal, v1 + "\t" + String.format("%08x", crc.getValue()) + "\n");
      StorageException e =
          failsWith(Code.PRECONDITION_FAILED, () -> fixture.hub.migrate(plan().build()));
      assertThat(e.getMessage())
          .contains("stowage-migration/1")
          .contains("new journal")
          .doesNotContain(dir.toString());
    }
  }

  @Test
  @DisplayName("a file that is not a journal is refused")
  void notAJournal() throws Exception {
    try (MigrationHub fixture = fixture(1)) {
      Files.writeString(dir.resolve("run.journal"), "hello\tworld\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("run.journal"), "more\n", StandardOpenOption.APPEND);
      StorageException e =
          failsWith(Code.INVALID_ARGUMENT, () -> fixture.hub.migrate(plan().build()));
      assertThat(e.getMessage()).contains("line 1");
    }
  }
}
