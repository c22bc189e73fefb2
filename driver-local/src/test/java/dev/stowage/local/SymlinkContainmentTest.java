package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ListRequest;
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

@DisplayName("Symbolic links never lead a key out of the root")
class SymlinkContainmentTest {

  @TempDir Path tmp;
  Path root;
  Path outside;
  Store store;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("secret-link.txt"), outside.resolve("secret.txt"));
    store = TestStores.open(root);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("reading a file through a folder link that points outside is refused")
  void readThroughFolderLink() {
    assertRefused(() -> store.stat("escape/secret.txt"));
    assertRefused(() -> store.readAllBytes("escape/secret.txt"));
  }

  @Test
  @DisplayName("a file link that points outside is neither read nor overwritten")
  void fileLinkOutside() throws Exception {
    assertRefused(() -> store.stat("secret-link.txt"));
    assertRefused(() -> store.readAllBytes("secret-link.txt"));
    assertRefused(() -> store.upload(UploadRequest.of("secret-link.txt"), "pwned".getBytes(UTF_8)));
    assertRefused(() -> store.delete("secret-link.txt"));
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
    assertThat(Files.isSymbolicLink(root.resolve("secret-link.txt"))).isTrue();
  }

  @Test
  @DisplayName("writing through a folder link that points outside creates nothing outside")
  void writeThroughFolderLink() throws Exception {
    assertRefused(() -> store.upload(UploadRequest.of("escape/new.txt"), new byte[] {1, 2}));
    assertRefused(() -> store.upload(UploadRequest.of("escape/deeper/new.txt"), new byte[] {1, 2}));
    assertRefused(
        () -> store.upload(UploadRequest.of("escape/secret.txt"), "pwned".getBytes(UTF_8)));
    assertRefused(() -> store.delete("escape/secret.txt"));
    try (var files = Files.list(outside)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
  }

  @Test
  @DisplayName("listings do not follow links out of the root")
  void listingSkipsEscapes() throws Exception {
    store.upload(UploadRequest.of("inside.txt"), new byte[] {1});
    List<String> keys = store.listAll("").map(ObjectInfo::key).toList();
    assertThat(keys).containsExactly("inside.txt");
    assertThat(store.list(ListRequest.builder("escape/").pageSize(10).build()).items()).isEmpty();
  }

  @Test
  @DisplayName("a link that stays inside the root can be read")
  void linkInsideRoot() throws Exception {
    store.upload(UploadRequest.of("real/file.txt"), "hello".getBytes(UTF_8));
    Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("real/file.txt"));
    assertThat(new String(store.readAllBytes("alias.txt"), UTF_8)).isEqualTo("hello");
  }

  @Test
  @DisplayName("percent-encoded dots are plain characters in a file name, not a way up")
  void encodedDotsAreLiteral() throws Exception {
    store.upload(UploadRequest.of("%2e%2e/%2e%2e/x.txt"), "literal".getBytes(UTF_8));
    assertThat(Files.readString(root.resolve("%2e%2e").resolve("%2e%2e").resolve("x.txt")))
        .isEqualTo("literal");
    assertThat(new String(store.readAllBytes("%2e%2e/%2e%2e/x.txt"), UTF_8)).isEqualTo("literal");
    assertThat(Files.exists(tmp.resolve("x.txt"))).isFalse();
    assertThat(store.listAll("").map(ObjectInfo::key)).containsExactly("%2e%2e/%2e%2e/x.txt");
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isIn(Code.INVALID_KEY, Code.PERMISSION_DENIED));
  }
}
