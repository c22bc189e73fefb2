package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ConnectionReport;
import dev.stowage.DriverConfig;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.DriverContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Roots whose file system ignores case: keys that differ only in case")
class CaseInsensitiveRootTest {

  /** A folder on a file system that ignores case (a FAT or casefold mount), for the live test. */
  static final String CASE_INSENSITIVE_DIR = "STOWAGE_IT_CASE_INSENSITIVE_DIR";

  @TempDir Path sandbox;

  private static Store open(Path root, LocalDriverProvider provider) {
    return Store.open(
        provider,
        DriverConfig.builder().set("root", root.toString()).build(),
        DriverContext.create());
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static List<String> keys(Store store) {
    return store.listAll("").map(ObjectInfo::key).toList();
  }

  private static String letterCaseCheck(Store store) {
    ConnectionReport.Check check =
        store.verify().checks().stream()
            .filter(c -> c.name().equals("Letter case in names"))
            .findFirst()
            .orElseThrow();
    assertThat(check.passed()).isTrue();
    return check.detail();
  }

  private static void assertTwinRefused(Runnable upload, String key, String existing) {
    assertThatThrownBy(upload::run)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_KEY);
              assertThat(e.getMessage())
                  .contains("'" + key + "'")
                  .contains("'" + existing + "'")
                  .contains("case");
            });
  }

  @Nested
  @DisplayName("The probe, on this machine's file system")
  class Probe {

    @Test
    @DisplayName("tells that this file system keeps case, and leaves the folder empty")
    void keepsCaseHere() throws IOException {
      Path root = Files.createDirectory(sandbox.resolve("root"));
      assertThat(CaseProbe.ignoresCase(root)).isFalse();
      assertThat(entries(root)).isEmpty();
    }

    @Test
    @DisplayName("answers 'ignores case' (the safe side) where it cannot probe, creating nothing")
    void missingRootIsTheSafeSide() throws IOException {
      Path missing = sandbox.resolve("not-there");
      assertThat(CaseProbe.ignoresCase(missing)).isTrue();
      assertThat(Files.exists(missing)).isFalse();
      assertThat(entries(sandbox)).isEmpty();
    }

    @Test
    @DisplayName("opening a store on a new root leaves nothing in it")
    void openingLeavesNothing() throws IOException {
      Path root = sandbox.resolve("fresh");
      try (Store store = open(root, new LocalDriverProvider())) {
        assertThat(entries(root)).isEmpty();
        // Here case is kept, so both spellings are two objects.
        store.upload(UploadRequest.of("A.txt"), "upper".getBytes(UTF_8));
        store.upload(UploadRequest.of("a.txt"), "lower".getBytes(UTF_8));
        assertThat(keys(store)).containsExactly("A.txt", "a.txt");
        assertThat(store.readAllBytes("A.txt")).isEqualTo("upper".getBytes(UTF_8));
        assertThat(letterCaseCheck(store)).contains("tells upper from lower case");
      }
    }
  }

  @Nested
  @DisplayName("The rule, on a root declared case-insensitive")
  class Rule {

    private Path root;
    private Store store;

    private Store store() {
      root = sandbox.resolve("root");
      store = open(root, new LocalDriverProvider(dir -> true));
      return store;
    }

    @Test
    @DisplayName(
        "an upload to a key that differs only in case from an existing one fails with INVALID_KEY"
            + " naming both, and the existing object is untouched")
    void fileTwinRefused() throws IOException {
      try (Store s = store()) {
        s.upload(UploadRequest.of("docs/Report.pdf"), "first".getBytes(UTF_8));
        for (boolean createOnly : List.of(false, true)) {
          assertTwinRefused(
              () ->
                  s.upload(
                      UploadRequest.builder("docs/report.PDF").createOnly(createOnly).build(),
                      "second".getBytes(UTF_8)),
              "docs/report.PDF",
              "docs/Report.pdf");
        }
        assertThat(s.readAllBytes("docs/Report.pdf")).isEqualTo("first".getBytes(UTF_8));
        assertThat(keys(s)).containsExactly("docs/Report.pdf");
        assertThat(TestStores.tempFiles(root)).isEmpty();
      }
    }

    @Test
    @DisplayName(
        "a key whose folder differs only in case from an existing folder fails with INVALID_KEY"
            + " naming the folder, and creates no folder")
    void folderTwinRefused() throws IOException {
      try (Store s = store()) {
        s.upload(UploadRequest.of("docs/a.txt"), "a".getBytes(UTF_8));
        assertTwinRefused(
            () -> s.upload(UploadRequest.of("Docs/sub/b.txt"), "b".getBytes(UTF_8)),
            "Docs/sub/b.txt",
            "docs/");
        assertThat(entries(root)).containsExactlyInAnyOrder("docs", KeyPaths.RESERVED_DIR);
        assertThat(keys(s)).containsExactly("docs/a.txt");
      }
    }

    @Test
    @DisplayName("verify says that keys differing only in case are refused")
    void verifySaysSo() {
      try (Store s = store()) {
        assertThat(letterCaseCheck(s)).contains("ignores case").contains("refused");
      }
    }

    @Test
    @DisplayName("the same spelling is overwritten as usual, and other names are unaffected")
    void sameSpellingStillWorks() {
      try (Store s = store()) {
        s.upload(UploadRequest.of("docs/Report.pdf"), "first".getBytes(UTF_8));
        s.upload(UploadRequest.of("docs/Report.pdf"), "second".getBytes(UTF_8));
        s.upload(UploadRequest.of("docs/Report-2.pdf"), "other".getBytes(UTF_8));
        assertThat(s.readAllBytes("docs/Report.pdf")).isEqualTo("second".getBytes(UTF_8));
        assertThat(keys(s)).containsExactly("docs/Report-2.pdf", "docs/Report.pdf");
      }
    }
  }

  @Nested
  @DisplayName("On a real case-insensitive file system")
  @EnabledIfEnvironmentVariable(
      named = CASE_INSENSITIVE_DIR,
      matches = ".+",
      disabledReason =
          "Set STOWAGE_IT_CASE_INSENSITIVE_DIR to a folder on a FAT (or casefold) mount to run it")
  class RealFileSystem {

    @Test
    @DisplayName(
        "the probe finds the file system ignores case, twins are refused, are not found, and"
            + " deleting one deletes nothing")
    void everything() throws IOException {
      Path root =
          Path.of(System.getenv(CASE_INSENSITIVE_DIR)).resolve("stowage-" + UUID.randomUUID());
      Files.createDirectories(root);
      assertThat(CaseProbe.ignoresCase(root)).isTrue();
      assertThat(entries(root)).isEmpty();
      try (Store s = open(root, new LocalDriverProvider())) {
        s.upload(UploadRequest.of("Shop/App.zip"), "app".getBytes(UTF_8));
        assertTwinRefused(
            () -> s.upload(UploadRequest.of("Shop/app.zip"), "other".getBytes(UTF_8)),
            "Shop/app.zip",
            "Shop/App.zip");
        assertTwinRefused(
            () -> s.upload(UploadRequest.of("shop/new.zip"), "new".getBytes(UTF_8)),
            "shop/new.zip",
            "Shop/");
        assertThat(s.exists("Shop/app.zip")).as("a twin is not an object").isFalse();
        assertThatThrownBy(() -> s.download("shop/App.zip").close())
            .isInstanceOfSatisfying(
                StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
        s.delete("SHOP/APP.ZIP");
        s.delete("Shop/app.zip");
        assertThat(s.readAllBytes("Shop/App.zip")).isEqualTo("app".getBytes(UTF_8));
        assertThat(keys(s)).containsExactly("Shop/App.zip");
        s.delete("Shop/App.zip");
        assertThat(keys(s)).isEmpty();
      }
    }
  }
}
