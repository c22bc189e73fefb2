package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Hardening: owner-only permissions, everything else unsupported")
class HardenTest {

  static final HardeningPolicy OWNER_ONLY =
      HardeningPolicy.builder(Set.of(HardeningSetting.OWNER_ONLY_PERMISSIONS))
          .abortIncompleteMultipartAfterDays(7)
          .build();

  @TempDir Path root;
  Store store;

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    store = TestStores.open(root);
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  @DisplayName("a dry run reports NOT_SET and changes nothing; apply fixes and confirms")
  void dryRunThenApply() throws Exception {
    store.upload(UploadRequest.of("dir/file.txt"), new byte[] {1});
    Path loose = root.resolve("dir/copied-in.txt");
    Files.writeString(loose, "x");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        root.resolve("dir"), PosixFilePermissions.fromString("rwxr-xr-x"));

    HardeningReport dry = store.harden(OWNER_ONLY.toBuilder().dryRun(true).build());
    assertThat(dry.dryRun()).isTrue();
    assertThat(status(dry)).isEqualTo(Status.NOT_SET);
    assertThat(perms(loose)).isEqualTo("rw-r--r--");

    HardeningReport applied = store.harden(OWNER_ONLY);
    assertThat(status(applied)).isEqualTo(Status.APPLIED);
    assertThat(perms(loose)).isEqualTo("rw-------");
    assertThat(perms(root.resolve("dir"))).isEqualTo("rwx------");
    assertThat(perms(root)).isEqualTo("rwx------");

    assertThat(status(store.harden(OWNER_ONLY.toBuilder().dryRun(true).build())))
        .isEqualTo(Status.ALREADY_SET);
    assertThat(status(store.harden(OWNER_ONLY))).isEqualTo(Status.ALREADY_SET);
  }

  @Test
  @DisplayName("what the driver creates is already owner-only")
  void createdOwnerOnly() {
    store.upload(UploadRequest.of("p/q/r.bin"), new byte[] {1});
    store.upload(UploadRequest.builder("s.bin").metadata("a", "b").build(), new byte[] {1});
    assertThat(status(store.harden(OWNER_ONLY.toBuilder().dryRun(true).build())))
        .isEqualTo(Status.ALREADY_SET);
  }

  @Test
  @DisplayName("a link to a file outside the root is not followed when fixing permissions")
  void linksNotFollowed(@TempDir Path elsewhere) throws Exception {
    Path outside = Files.writeString(elsewhere.resolve("other.txt"), "x");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(root.resolve("link.txt"), outside);
    store.harden(OWNER_ONLY);
    assertThat(perms(outside)).isEqualTo("rw-r--r--");
  }

  @Test
  @DisplayName("the other settings are UNSUPPORTED with a plain reason")
  void othersUnsupported() {
    HardeningReport report =
        store.harden(
            HardeningPolicy.recommended().toBuilder()
                .cors(List.of("https://shop.example"))
                .build());
    assertThat(report.rows()).hasSize(HardeningSetting.values().length);
    assertThat(report.rows())
        .filteredOn(r -> r.setting() != HardeningSetting.OWNER_ONLY_PERMISSIONS)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
              assertThat(r.detail()).isNotBlank();
            });
    assertThat(report.row(HardeningSetting.BLOCK_PUBLIC_ACCESS).orElseThrow().detail())
        .contains("signed URLs");
  }

  private static Status status(HardeningReport report) {
    return report.row(HardeningSetting.OWNER_ONLY_PERMISSIONS).orElseThrow().status();
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
