package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Keys;
import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A 100,000-file tree lists page by page in bounded memory")
class LargeTreeListTest {

  static final int FLAT = 50_000;
  static final int DIRS = 50;
  static final int PER_DIR = 1_000;
  static final int TOTAL = FLAT + DIRS * PER_DIR;

  static Path root;

  @BeforeAll
  static void createTree() throws Exception {
    // In memory where the machine has it: 100,000 files are made and removed in seconds.
    Path shm = Path.of("/dev/shm");
    root =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "stowage-large-")
            : Files.createTempDirectory("stowage-large-");
    // Files placed directly, as an operator would copy them in: fast, and no sidecars.
    Path flat = Files.createDirectory(root.resolve("flat"));
    for (int i = 0; i < FLAT; i++) {
      // Written out of order, so the walk cannot lean on the directory's own order.
      Files.createFile(flat.resolve(String.format("f%05d", (i * 7919) % FLAT)));
    }
    for (int d = 0; d < DIRS; d++) {
      Path dir = Files.createDirectories(root.resolve(String.format("tree/d%02d", d)));
      for (int i = 0; i < PER_DIR; i++) {
        Files.createFile(dir.resolve(String.format("g%04d", i)));
      }
    }
  }

  @AfterAll
  static void removeTree() throws Exception {
    if (root == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  @DisplayName("every file once, in order, 1,000 per page, within a time budget")
  void pages() {
    Instant start = Instant.now();
    try (Store store = TestStores.open(root)) {
      int count = 0;
      int pages = 0;
      String previous = null;
      String cursor = null;
      do {
        Page<ObjectInfo> page =
            store.list(ListRequest.builder("").cursor(cursor).pageSize(1000).build());
        for (ObjectInfo info : page.items()) {
          if (previous != null) {
            assertThat(Keys.compareUtf8(previous, info.key())).isNegative();
          }
          previous = info.key();
          count++;
        }
        cursor = page.nextCursor().orElse(null);
        pages++;
      } while (cursor != null);
      assertThat(count).isEqualTo(TOTAL);
      assertThat(pages).isEqualTo(TOTAL / 1000);
      assertThat(previous).isEqualTo("tree/d49/g0999");
    }
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  @DisplayName("a walk over a 50,000-entry folder holds about one page of entries, not the folder")
  void boundedBuffer() throws Exception {
    KeyPaths paths = new KeyPaths(root.toAbsolutePath().normalize());
    int pageSize = 500;
    KeyOrderWalk walk = KeyOrderWalk.start(paths, "flat/", "flat/f10000", pageSize);
    int seen = 0;
    String previous = "flat/f10000";
    KeyOrderWalk.Found found;
    while ((found = walk.next()) != null && seen < 5 * pageSize) {
      assertThat(Keys.compareUtf8(previous, found.key())).isNegative();
      previous = found.key();
      seen++;
    }
    assertThat(seen).isEqualTo(5 * pageSize);
    assertThat(previous).isEqualTo("flat/f12500");
    assertThat(walk.peakBuffered()).isLessThanOrEqualTo(3 * (pageSize + 1));
  }

  @Test
  @DisplayName("resuming deep inside the tree skips whole folders before the cursor")
  void resumeDeep() {
    try (Store store = TestStores.open(root)) {
      LocalStorageDriver driver = store.unwrap(LocalStorageDriver.class);
      var page = driver.list("tree/", "tree/d37/g0998", 3);
      assertThat(page.items().stream().map(ObjectInfo::key))
          .containsExactly("tree/d37/g0999", "tree/d38/g0000", "tree/d38/g0001");
      assertThat(page.resumeAfter()).isEqualTo("tree/d38/g0001");
    }
  }
}
