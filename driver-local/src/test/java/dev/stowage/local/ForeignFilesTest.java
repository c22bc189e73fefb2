package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files other programs put under the root, with names the strict key rule refuses (a control
 * character, a tab): listed to the end, page by page, and readable and deletable through the Store;
 * never written by it; and no key leaves the root. A name with a backslash (a folder separator to
 * Windows and Commons VFS) is skipped without breaking the pages.
 */
@DisplayName("Files written by other tools")
class ForeignFilesTest {

  private static final String CONTROL = "odd\u0001name.txt";
  private static final String TAB = "dir/tab\there.txt";
  private static final String BACKSLASH = "back\\slash.txt";

  @TempDir Path root;
  Store store;

  @BeforeEach
  void setUp() throws IOException {
    store = TestStores.open(root);
    Files.createDirectories(root.resolve("dir"));
    for (String name : List.of("a.txt", CONTROL, TAB, BACKSLASH, "dir/z.txt", "zz.txt")) {
      Files.writeString(root.resolve(name), "body of " + name, UTF_8);
    }
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private List<String> expected() {
    List<String> keys =
        new ArrayList<>(List.of("a.txt", "dir/tab\there.txt", "dir/z.txt", CONTROL));
    keys.add("zz.txt");
    return keys;
  }

  @Test
  @DisplayName("they list in key order to the end, in pages of one and two, and search finds them")
  void listsToTheEnd() {
    assertThat(store.listAll("").map(ObjectInfo::key)).containsExactlyElementsOf(expected());
    for (int size : List.of(1, 2)) {
      List<String> keys = new ArrayList<>();
      String cursor = null;
      do {
        Page<ObjectInfo> page =
            store.list(ListRequest.builder("").pageSize(size).cursor(cursor).build());
        page.items().forEach(i -> keys.add(i.key()));
        cursor = page.nextCursor().orElse(null);
      } while (cursor != null);
      assertThat(keys).as("pages of %d", size).containsExactlyElementsOf(expected());
    }
    assertThat(store.searchAll(SearchRequest.contains("name")).map(ObjectInfo::key))
        .containsExactly(CONTROL);
  }

  @Test
  @DisplayName("each listed file can be stat'ed, read and deleted through the Store")
  void readAndDelete() {
    for (String key : expected()) {
      assertThat(store.stat(key).key()).isEqualTo(key);
      assertThat(new String(store.readAllBytes(key), UTF_8)).isEqualTo("body of " + key);
      store.delete(key);
      assertThat(store.exists(key)).as(key).isFalse();
    }
    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  @DisplayName("the Store never creates such a key")
  void neverWritten() {
    assertThatThrownBy(() -> store.upload(UploadRequest.of("new\u0001.txt"), new byte[] {1}))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_KEY));
    assertThat(Files.exists(root.resolve("new\u0001.txt"))).isFalse();
  }

  @Test
  @DisplayName("a key that would leave the root or names no file is INVALID_KEY for every read")
  void noEscape() throws IOException {
    Path outside = root.resolveSibling(root.getFileName() + "-outside.txt");
    Files.writeString(outside, "secret");
    try {
      String escape = "../" + outside.getFileName();
      for (String key :
          List.of(escape, "dir/../a.txt", "./a.txt", "/a.txt", "dir//z.txt", BACKSLASH)) {
        for (Runnable read :
            List.<Runnable>of(
                () -> store.stat(key), () -> store.readAllBytes(key), () -> store.delete(key))) {
          assertThatThrownBy(read::run)
              .as(key)
              .isInstanceOfSatisfying(
                  StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_KEY));
        }
      }
      assertThat(Files.readString(outside)).isEqualTo("secret");
      assertThat(Files.exists(root.resolve("a.txt"))).isTrue();
    } finally {
      Files.delete(outside);
    }
  }
}
