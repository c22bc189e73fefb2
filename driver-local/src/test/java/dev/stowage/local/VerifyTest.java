package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ConnectionReport;
import dev.stowage.ConnectionReport.Check;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Verify: one check per thing that must work, never an exception")
class VerifyTest {

  @TempDir Path tmp;

  @Test
  @DisplayName("a healthy root passes; without a base URL only the signed-URL check fails")
  void healthyRoot() throws Exception {
    Path root = tmp.resolve("new/root");
    try (Store store = TestStores.open(root)) {
      ConnectionReport report = store.verify();
      assertThat(report.driverId()).isEqualTo("local");
      assertThat(check(report, "Root folder").passed()).isTrue();
      assertThat(check(report, "Write, read and delete").passed()).isTrue();
      assertThat(check(report, "Free space").detail()).contains("MiB");
      Check signed = check(report, "Signed URLs");
      assertThat(signed.passed()).isFalse();
      assertThat(signed.hint()).isEqualTo("set publicBaseUrl or listen");
      assertThat(TestStores.tempFiles(root)).isEmpty();
      try (var left = Files.list(root.resolve(".stowage"))) {
        assertThat(left.filter(Files::isRegularFile)).isEmpty();
      }
    }
  }

  @Test
  @DisplayName("with an embedded server configured every check passes")
  void signedConfigured() {
    DriverConfig config =
        DriverConfig.builder()
            .set("root", tmp.toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", "0123456789abcdef0123456789abcdef")
            .build();
    try (Store store = TestStores.open(config)) {
      ConnectionReport report = store.verify();
      assertThat(check(report, "Signed URLs").passed()).isTrue();
      assertThat(check(report, "Signed URLs").detail()).startsWith("Served at http://127.0.0.1:");
      if (!check(report, "Free space").passed()) {
        return; // a nearly full test disk: the rest still holds
      }
      assertThat(report.failures())
          .filteredOn(c -> !c.name().equals("File name encoding"))
          .isEmpty();
    }
  }

  @Test
  @DisplayName("a root that is a regular file fails the folder and write checks, with hints")
  void rootIsAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    try (Store store = TestStores.open(file)) {
      ConnectionReport report = store.verify();
      Check root = check(report, "Root folder");
      assertThat(root.passed()).isFalse();
      assertThat(root.hint()).isNotBlank();
      Check write = check(report, "Write, read and delete");
      assertThat(write.passed()).isFalse();
      assertThat(write.hint()).contains("write permission");
      assertThat(Files.readString(file)).isEqualTo("x");
    }
  }

  @Test
  @DisplayName("a read-only root fails the write check (skipped as root, who may write anyway)")
  void readOnlyRoot() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")));
    Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path root = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-x------"));
    try (Store store = TestStores.open(root)) {
      ConnectionReport report = store.verify();
      assertThat(check(report, "Root folder").passed()).isTrue();
      assertThat(check(report, "Write, read and delete").passed()).isFalse();
    } finally {
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static Check check(ConnectionReport report, String name) {
    return report.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check named " + name + " in " + report));
  }
}
