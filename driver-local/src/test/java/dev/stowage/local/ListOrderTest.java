package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Keys;
import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.ObjectPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Listings come in UTF-8 byte order and cursors neither skip nor repeat")
class ListOrderTest {

  /** Names where folder order, UTF-16 order and UTF-8 order disagree. */
  static final List<String> KEYS =
      List.of(
          "a",
          "a-c",
          "a/b",
          "a/b-c",
          "a/b/c",
          "a.txt",
          "a0",
          "a b",
          "a!",
          "ab/c",
          "ab",
          "A",
          "Z/z",
          "z",
          "é",
          "é/x",
          "éa",
          "\uFB01le", // U+FB01, above the surrogates in UTF-16, below emoji in UTF-8
          "😀",
          "😀/deep/er/key",
          "😀-",
          "日本/語",
          "日本語",
          "x/y/z/1",
          "x/y/z/2",
          "x/y-z",
          "x/y0",
          "%2e%2e/q",
          "~tilde",
          "name with spaces/and+plus");

  static final Comparator<String> UTF8 =
      (x, y) ->
          Arrays.compareUnsigned(
              x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));

  @TempDir Path root;
  Store store;
  List<String> expected;

  @BeforeEach
  void setUp() throws Exception {
    store = TestStores.open(root);
    expected = new ArrayList<>();
    for (String key : KEYS) {
      if (KEYS.stream().anyMatch(k -> k.startsWith(key + "/"))) {
        continue; // a name cannot be a file and a folder at once on disk
      }
      store.upload(UploadRequest.of(key), key.getBytes(StandardCharsets.UTF_8));
      expected.add(key);
    }
    expected.sort(UTF8);
    // Empty folders and the driver's own files never show.
    Files.createDirectories(root.resolve("empty/deeper/still"));
    Files.createDirectories(root.resolve("x/empty"));
    Files.writeString(root.resolve("x/.stowage-tmp-123"), "in progress");
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("one big page equals the keys sorted by their UTF-8 bytes")
  void onePage() {
    List<String> listed =
        store.list(ListRequest.builder("").pageSize(1000).build()).items().stream()
            .map(ObjectInfo::key)
            .toList();
    assertThat(listed).isEqualTo(expected);
    assertThat(expected).contains("a-c", "a/b-c", "😀/deep/er/key");
  }

  @ParameterizedTest(name = "page size {0}")
  @ValueSource(ints = {1, 2, 3, 7, 29, 30})
  @DisplayName("paging through with cursors gives every key once, in order")
  void paging(int pageSize) {
    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<ObjectInfo> page =
          store.list(ListRequest.builder("").cursor(cursor).pageSize(pageSize).build());
      page.items().forEach(i -> listed.add(i.key()));
      cursor = page.nextCursor().orElse(null);
      assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
      pages++;
    } while (cursor != null);
    assertThat(listed).isEqualTo(expected);
    assertThat(pages).isEqualTo(Math.max(1, (expected.size() + pageSize - 1) / pageSize));
  }

  @Test
  @DisplayName("startAfter any string resumes right after it, whether or not it is a key")
  void startAfterAnything() {
    LocalStorageDriver driver = store.unwrap(LocalStorageDriver.class);
    List<String> probes = new ArrayList<>(expected);
    probes.addAll(
        List.of(
            "",
            "0",
            "a/",
            "a/a",
            "a/b/",
            "a/b/c/d",
            "a+",
            "aa",
            "é/",
            "😀/z",
            "x/y",
            "x/y/",
            "x/y/z",
            "zz",
            "\uFFFF",
            "日",
            "~tilde/x"));
    for (String after : probes) {
      List<String> want =
          expected.stream().filter(k -> after.isEmpty() || UTF8.compare(k, after) > 0).toList();
      ObjectPage page = driver.list("", after.isEmpty() ? null : after, 1000);
      assertThat(page.items().stream().map(ObjectInfo::key).toList())
          .as("after '%s'", after)
          .isEqualTo(want);
      assertThat(page.resumeAfter()).isNull();
    }
  }

  @Test
  @DisplayName("a prefix selects exactly the keys that start with it, also mid-name")
  void prefixes() {
    for (String prefix :
        List.of("a", "a/", "a/b", "a/b/", "ab", "x/y", "x/y/z/", "😀", "é", "日本", "nope")) {
      List<String> want = expected.stream().filter(k -> k.startsWith(prefix)).toList();
      List<String> got = store.listAll(prefix).map(ObjectInfo::key).toList();
      assertThat(got).as("prefix '%s'", prefix).isEqualTo(want);
    }
    // A prefix no file can start with ("a//", "../") matches nothing, and never leaves the root.
    assertThat(store.listAll("a//")).isEmpty();
    assertThat(store.listAll("../")).isEmpty();
  }

  @Test
  @DisplayName("a prefix with a startAfter before, inside and after it")
  void prefixAndStartAfter() {
    LocalStorageDriver driver = store.unwrap(LocalStorageDriver.class);
    for (String after : List.of("0", "a", "a/b", "a/b-c", "a/c", "b")) {
      List<String> want =
          expected.stream().filter(k -> k.startsWith("a/") && UTF8.compare(k, after) > 0).toList();
      assertThat(driver.list("a/", after, 100).items().stream().map(ObjectInfo::key).toList())
          .as("after '%s'", after)
          .isEqualTo(want);
    }
  }

  @Test
  @DisplayName("the last page has no cursor even when it is exactly full")
  void exactLastPage() {
    Page<ObjectInfo> page = store.list(ListRequest.builder("").pageSize(expected.size()).build());
    assertThat(page.items()).hasSize(expected.size());
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  @DisplayName("the code-point comparator agrees with comparing UTF-8 bytes")
  void comparator() {
    List<String> sample = new ArrayList<>(KEYS);
    sample.addAll(List.of("\uE000", "\uD7FF", "\uFFFF", "𐀀", "a\uE000", "a😀"));
    for (String x : sample) {
      for (String y : sample) {
        assertThat(Integer.signum(Keys.compareUtf8(x, y)))
            .as("%s vs %s", x, y)
            .isEqualTo(Integer.signum(UTF8.compare(x, y)));
      }
      assertThat(Keys.utf8Length(x)).isEqualTo(x.getBytes(StandardCharsets.UTF_8).length);
    }
  }
}
