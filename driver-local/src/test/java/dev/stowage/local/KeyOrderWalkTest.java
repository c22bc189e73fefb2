package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The key-order walk keeps to its memory budget in deep, wide trees")
class KeyOrderWalkTest {

  @TempDir Path root;
  List<String> expected = new ArrayList<>();

  @BeforeEach
  void tree() throws Exception {
    // Every level wider than one scan, and each folder's subfolder sorting first, so the outer
    // folders still hold a full buffer when the walk goes deeper: they must give entries up,
    // and scan again when the walk comes back to them.
    for (int a = 0; a < 40; a++) {
      String dir = String.format("d%02d", a);
      file(dir + "-x");
      for (int f = 0; f < 40; f++) {
        file(String.format("%s/f%02d", dir, f));
        if (a % 10 == 0) {
          file(String.format("%s/a-sub/s%02d", dir, f));
          file(String.format("%s/a-sub/a-deeper/t%02d", dir, f));
        }
      }
    }
    Files.createDirectories(root.resolve("d05/empty/emptier"));
    expected.sort(
        (x, y) ->
            Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("a walk with the smallest buffers yields every key in order")
  void smallBuffers() throws Exception {
    KeyOrderWalk walk =
        KeyOrderWalk.start(new KeyPaths(root.toRealPath()), "", null, /* pageSize */ 1);
    List<String> keys = new ArrayList<>();
    KeyOrderWalk.Found found;
    while ((found = walk.next()) != null) {
      keys.add(found.key());
    }
    assertThat(keys).isEqualTo(expected);
    // Four levels of 32-entry scans would hold about 125 without trimming; the budget is 64
    // plus the scan being filled.
    assertThat(walk.peakBuffered()).isLessThanOrEqualTo(64 + 32);
  }

  @Test
  @DisplayName("starting after a key deep in the tree resumes right after it")
  void resumeEverywhere() throws Exception {
    KeyPaths paths = new KeyPaths(root.toRealPath());
    for (int i = 0; i < expected.size(); i += 37) {
      String after = expected.get(i);
      KeyOrderWalk walk = KeyOrderWalk.start(paths, "", after, 5);
      List<String> next = new ArrayList<>();
      KeyOrderWalk.Found found;
      while (next.size() < 5 && (found = walk.next()) != null) {
        next.add(found.key());
      }
      assertThat(next)
          .as("after %s", after)
          .isEqualTo(expected.subList(i + 1, Math.min(expected.size(), i + 6)));
    }
  }

  private void file(String key) throws Exception {
    Path p = root.resolve(key);
    Files.createDirectories(p.getParent());
    Files.createFile(p);
    expected.add(key);
  }
}
