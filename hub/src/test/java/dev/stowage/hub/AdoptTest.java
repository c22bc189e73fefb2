package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Objects written around the hub are found, given references, and then count as known files. */
class AdoptTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  @Test
  @DisplayName("local: found by a dry run that changes nothing, adopted, then remove is refused")
  void adoptOnLocalDisk() {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("legacy")) {
      StorageHub hub = fixture.hub;
      try (Store outside = fixture.directLocal("legacy")) {
        outside.upload(
            UploadRequest.builder("products/old-1.zip").contentType("application/zip").build(),
            new byte[] {1, 2, 3});
        outside.upload(UploadRequest.of("products/old 2.txt"), "two".getBytes());
        outside.upload(UploadRequest.of("elsewhere/old-3.bin"), new byte[0]);
      }
      hub.uploadTo("legacy", UploadRequest.of("products/through-hub.bin"), new byte[] {9});

      List<String> found;
      try (Stream<HubEntry> unadopted = hub.findUnadopted("legacy", "")) {
        found = unadopted.map(e -> e.ref().toString()).toList();
      }
      assertThat(found)
          .containsExactly(
              "stowage://legacy/elsewhere/old-3.bin",
              "stowage://legacy/products/old%202.txt",
              "stowage://legacy/products/old-1.zip");
      assertThat(fixture.index.countFiles("legacy")).as("a dry run records nothing").isEqualTo(1);
      try (Stream<HubEntry> products = hub.findUnadopted("legacy", "products/")) {
        assertThat(products.count()).isEqualTo(2);
      }

      List<StoredFile> adopted = new ArrayList<>();
      assertThat(hub.adopt("legacy", "products/", adopted::add)).isEqualTo(2);
      assertThat(adopted)
          .extracting(f -> f.ref().toString())
          .containsExactly(
              "stowage://legacy/products/old%202.txt", "stowage://legacy/products/old-1.zip");
      StoredFile zip = adopted.get(1);
      assertThat(zip.size()).isEqualTo(3);
      assertThat(zip.contentType()).isEqualTo("application/zip");
      assertThat(zip.badge().label()).isEqualTo("Local");
      FileRecord record = fixture.index.file("legacy", 1, "products/old-1.zip").orElseThrow();
      assertThat(record.size()).isEqualTo(3);
      assertThat(record.contentType()).isEqualTo("application/zip");
      assertThat(record.etag()).isEqualTo(zip.etag());
      assertThat(record.movedTo()).isEmpty();
      try (ObjectContent content =
          hub.download(FileRef.parse("stowage://legacy/products/old%202.txt"))) {
        assertThat(content.readAllBytes()).isEqualTo("two".getBytes());
      }
      try (Stream<HubEntry> rest = hub.findUnadopted("legacy", "")) {
        assertThat(rest.map(e -> e.ref().key())).containsExactly("elsewhere/old-3.bin");
      }
      assertThat(hub.adopt("legacy", "")).isEqualTo(1);
      try (Stream<HubEntry> none = hub.findUnadopted("legacy", "")) {
        assertThat(none).isEmpty();
      }

      failsWith(Code.ALREADY_EXISTS, () -> hub.adopt(FileRef.of("legacy", "products/old-1.zip")));
      failsWith(Code.NOT_FOUND, () -> hub.adopt(FileRef.of("legacy", "products/never")));
      failsWith(Code.NOT_FOUND, () -> hub.findUnadopted("nope", ""));
      failsWith(Code.PRECONDITION_FAILED, () -> hub.remove("legacy"));
      assertThat(hub.connection("legacy")).isPresent();
    }
  }

  @Test
  @DisplayName("S3: adopted objects get their content type from a stat, then migrate like any file")
  void adoptOnS3ThenMigrate() {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withS3(S3)) {
      StorageHub hub = fixture.hub;
      try (Store outside = fixture.directS3()) {
        outside.upload(
            UploadRequest.builder("media/poster.png")
                .contentType("image/png")
                .metadata("origin", "console")
                .build(),
            new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        outside.upload(
            UploadRequest.builder("media/manual.pdf").contentType("application/pdf").build(),
            "%PDF".getBytes());
      }
      assertThat(fixture.index.countFiles("s3-main")).isZero();
      StoredFile one = hub.adopt(FileRef.of("s3-main", "media/poster.png"));
      assertThat(one.contentType()).isEqualTo("image/png");
      assertThat(one.etag()).isPresent();
      assertThat(one.badge().label()).isEqualTo("S3");
      assertThat(hub.adopt("s3-main", "media/")).isEqualTo(1);
      assertThat(fixture.index.file("s3-main", 1, "media/manual.pdf").orElseThrow().contentType())
          .isEqualTo("application/pdf");
      failsWith(Code.PRECONDITION_FAILED, () -> hub.remove("s3-main"));

      MigrationResult moved =
          hub.migrate(
              MigrationPlan.builder()
                  .from("s3-main")
                  .to("disk")
                  .prefix("media/")
                  .mode(MigrationMode.MOVE)
                  .build());
      assertThat(moved.refs()).hasSize(2);
      FileRef poster = FileRef.of("s3-main", "media/poster.png");
      assertThat(hub.stat(poster).contentType()).contains("image/png");
      assertThat(hub.stat(poster).metadata()).containsEntry("origin", "console");
      assertThat(hub.stat(poster).size()).isEqualTo(4);
    }
  }
}
