package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ByteRange;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Keys on disk: reserved names, name lengths, folders, reads")
class KeyRulesTest {

  @TempDir Path root;
  Store store;

  @BeforeEach
  void setUp() {
    store = TestStores.open(root);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {".stowage", ".stowage/meta/x", ".STOWAGE/x", "a/.stowage-tmp-1", ".stowage-tmp-x"})
  @DisplayName("the driver's own names are refused as reserved")
  void reserved(String key) {
    assertThatThrownBy(() -> store.upload(UploadRequest.of(key), new byte[] {1}))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_KEY);
              assertThat(e.getMessage()).contains("reserved by the local driver");
            });
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(StorageException.class);
  }

  @Test
  @DisplayName("names that only look like the reserved ones are ordinary keys")
  void nearReserved() {
    for (String key : List.of(".stowagex", "a/.stowage", "b/.stowage/c", ".stowage-tmp")) {
      store.upload(UploadRequest.of(key), key.getBytes(UTF_8));
    }
    assertThat(store.listAll("").map(ObjectInfo::key))
        .containsExactly(".stowage-tmp", ".stowagex", "a/.stowage", "b/.stowage/c");
  }

  @Test
  @DisplayName("a name over 255 UTF-8 bytes is INVALID_KEY; 255 bytes works")
  void nameLength() {
    String ok = "é".repeat(127) + "x"; // 255 bytes
    store.upload(UploadRequest.of("d/" + ok), new byte[] {1});
    assertThat(store.exists("d/" + ok)).isTrue();
    String tooLong = "é".repeat(128); // 256 bytes
    assertThatThrownBy(() -> store.upload(UploadRequest.of(tooLong + "/x"), new byte[] {1}))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_KEY);
              assertThat(e.getMessage()).contains("256 bytes").contains("255");
            });
  }

  @Test
  @DisplayName("a name cannot be a file and a folder at once: INVALID_KEY, nothing changed")
  void fileAndFolder() {
    store.upload(UploadRequest.of("a/b"), "inner".getBytes(UTF_8));
    assertThatThrownBy(() -> store.upload(UploadRequest.of("a"), new byte[] {1}))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_KEY));
    for (String below : List.of("a/b/c", "a/b/c/d/e")) {
      assertThatThrownBy(() -> store.upload(UploadRequest.of(below), new byte[] {1}))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_KEY));
    }
    assertThat(new String(store.readAllBytes("a/b"), UTF_8)).isEqualTo("inner");
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("a folder is not an object: stat and download say NOT_FOUND")
  void folderNotFound() {
    store.upload(UploadRequest.of("dir/file"), new byte[] {1});
    for (String key : List.of("dir", "missing", "dir/file/below")) {
      assertThatThrownBy(() -> store.stat(key))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
      assertThatThrownBy(() -> store.download(key))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
    }
  }

  @Test
  @DisplayName("ranged reads give exactly the range; the info has the whole size")
  void ranges() {
    byte[] bytes = "0123456789".getBytes(UTF_8);
    store.upload(UploadRequest.of("r.txt"), bytes);
    assertThat(read(ByteRange.of(2, 4))).isEqualTo("234");
    assertThat(read(ByteRange.of(8, 100))).isEqualTo("89");
    assertThat(read(ByteRange.from(7))).isEqualTo("789");
    assertThat(read(ByteRange.lastBytes(3))).isEqualTo("789");
    assertThat(read(ByteRange.lastBytes(30))).isEqualTo("0123456789");
    try (ObjectContent c = store.download("r.txt", ByteRange.of(2, 4))) {
      assertThat(c.info().size()).isEqualTo(10);
      assertThat(c.rangeStart()).isEqualTo(2);
      assertThat(c.length()).isEqualTo(3);
      assertThat(c.info().contentType()).contains("text/plain");
    }
    assertThatThrownBy(() -> store.download("r.txt", ByteRange.from(10)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
  }

  @Test
  @DisplayName("an empty object reads as empty; any range of it is unsatisfiable")
  void emptyObject() {
    store.upload(UploadRequest.of("empty"), new byte[0]);
    assertThat(store.readAllBytes("empty")).isEmpty();
    assertThat(store.stat("empty").size()).isZero();
    assertThatThrownBy(() -> store.download("empty", ByteRange.of(0, 0)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
  }

  @Test
  @DisplayName("a file copied in by hand is served with a guessed type and a derived ETag")
  void plainFile() throws Exception {
    Files.createDirectories(root.resolve("manual"));
    Files.writeString(root.resolve("manual/page.html"), "<p>hi</p>");
    ObjectInfo info = store.stat("manual/page.html");
    assertThat(info.contentType()).contains("text/html");
    assertThat(info.etag().orElseThrow()).startsWith("\"").endsWith("\"");
    assertThat(info.size()).isEqualTo(9);
    ObjectInfo listed = store.listAll("manual/").findFirst().orElseThrow();
    assertThat(listed.etag()).isEqualTo(info.etag());
    assertThat(listed.lastModified()).isEqualTo(info.lastModified());
  }

  @Test
  @DisplayName("a sidecar left from content replaced by hand is ignored")
  void staleSidecar() throws Exception {
    store.upload(
        UploadRequest.builder("doc.bin").contentType("image/png").build(), new byte[] {1, 2, 3});
    Files.write(root.resolve("doc.bin"), new byte[] {9, 9, 9, 9, 9});
    ObjectInfo info = store.stat("doc.bin");
    assertThat(info.size()).isEqualTo(5);
    assertThat(info.contentType()).contains("application/octet-stream");
  }

  private String read(ByteRange range) {
    try (ObjectContent c = store.download("r.txt", range)) {
      return new String(c.readAllBytes(), UTF_8);
    }
  }
}
