package dev.stowage.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The escaping that keeps keys a file system would fold together apart. */
class ExactKeysBlobStoreTest {

  private static final List<String> KEYS =
      List.of(
          "a/b",
          "a//b",
          "a///b",
          "photos/",
          "photos",
          "/lead",
          "trail//",
          ".",
          "..",
          "a/../b",
          "a/./b",
          "%_",
          "a/%_/b",
          "100%",
          "%2E",
          "ctl\u0001x",
          "日本/😀",
          "%");

  @Test
  @DisplayName("every key round-trips, and no two keys share a stored name")
  void roundTripsAndStaysApart() {
    Set<String> names = new HashSet<>();
    for (String key : KEYS) {
      String name = ExactKeysBlobStore.escape(key);
      assertThat(ExactKeysBlobStore.unescape(name)).as(key).isEqualTo(key);
      assertThat(names.add(name)).as("the stored name of %s is unique", key).isTrue();
    }
  }

  @Test
  @DisplayName("a stored name has no empty, '.' or '..' segment, so a file system keeps it as is")
  void storedNamesArePlainPaths() {
    for (String key : KEYS) {
      String name = ExactKeysBlobStore.escape(key);
      for (String segment : name.split("/", -1)) {
        assertThat(segment).as("%s stored as %s", key, name).isNotEmpty().isNotIn(".", "..");
      }
    }
  }
}
