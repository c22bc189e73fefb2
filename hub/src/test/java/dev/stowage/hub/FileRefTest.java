package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRefTest {

  /** Characters the key rule lets through unchanged on every driver, and some that need care. */
  private static final String ALPHABET =
      "abcXYZ019 +!*'()~=&$@:,;?#[]%/-_.\u00e9\u00df\u4e2d\u0416\u00a0\u200b\u2028\ud83d\ude00";

  @Test
  @DisplayName("the canonical form of location 1 has no ~1, later locations carry their number")
  void canonicalForm() {
    assertThat(FileRef.of("s3-main", "products/app-1.0.zip"))
        .hasToString("stowage://s3-main/products/app-1.0.zip");
    assertThat(FileRef.of("s3-main", "products/app-1.0.zip", 3))
        .hasToString("stowage://s3-main~3/products/app-1.0.zip");
    assertThat(FileRef.of("local", "a b/c%d?e#f.txt"))
        .hasToString("stowage://local/a%20b/c%25d%3Fe%23f.txt");
    assertThat(FileRef.of("local", "caf\u00e9 [1].txt"))
        .hasToString("stowage://local/caf\u00e9%20[1].txt");
  }

  @Test
  @DisplayName("every key the strict key rule allows round-trips through toString and parse")
  void roundTripsRandomKeys() {
    Random random = new Random(20261129L);
    int checked = 0;
    List<String> keys = new ArrayList<>(List.of("%", "%25", "a%2Fb", "~", "x~2/y", "a/b/c/"));
    for (int i = 0; i < 5000; i++) {
      StringBuilder key = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int j = 0; j < length; j++) {
        int cp = ALPHABET.codePointAt(random.nextInt(ALPHABET.length()));
        if (Character.isLowSurrogate((char) cp)) {
          continue;
        }
        key.appendCodePoint(cp);
      }
      keys.add(key.toString());
    }
    for (String key : keys) {
      if (!Keys.isValid(key)) {
        continue;
      }
      for (int location : new int[] {1, 2, 17}) {
        FileRef ref = FileRef.of("r2-eu", key, location);
        String text = ref.toString();
        assertThat(FileRef.parse(text)).as(text).isEqualTo(ref);
        assertThat(text).doesNotContain(" ", "?", "#", "\\").startsWith("stowage://r2-eu");
        assertThat(text.substring(text.indexOf('/', 10) + 1).replaceAll("%[0-9A-F]{2}", ""))
            .doesNotContain("%");
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(3000);
  }

  @Test
  @DisplayName("lower-case escapes and needless escapes read back to the same reference")
  void lenientEscapes() {
    assertThat(FileRef.parse("stowage://local/a%3fb")).isEqualTo(FileRef.of("local", "a?b"));
    assertThat(FileRef.parse("stowage://local/%41")).isEqualTo(FileRef.of("local", "A"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "s3-main/a",
        "http://s3-main/a",
        "STOWAGE://s3-main/a",
        "stowage:/s3-main/a",
        "stowage://s3-main",
        "stowage://s3-main/",
        "stowage:///a",
        "stowage://S3/a",
        "stowage://-s3/a",
        "stowage://s3_main/a",
        "stowage://s3~1/a",
        "stowage://s3~0/a",
        "stowage://s3~02/a",
        "stowage://s3~/a",
        "stowage://s3~x/a",
        "stowage://s3~99999999999/a",
        "stowage://s3/../etc/passwd",
        "stowage://s3/a/../../b",
        "stowage://s3/%2E%2E/b",
        "stowage://s3/./a",
        "stowage://s3//etc/passwd",
        "stowage://s3/%2Fetc/passwd",
        "stowage://s3/a%",
        "stowage://s3/a%2",
        "stowage://s3/a%zz",
        "stowage://s3/a%C3",
        "stowage://s3/a%FF",
        "stowage://s3/a%00b",
        "stowage://s3/a b",
        "stowage://s3/a?b",
        "stowage://s3/a#b",
        "stowage://s3/a\tb"
      })
  @DisplayName("garbage, other schemes, bad ids, bad escapes and keys leaving the bucket fail")
  void refusesGarbage(String text) {
    assertThatThrownBy(() -> FileRef.parse(text))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT))
        .hasMessageStartingWith("Invalid file reference");
  }

  @Test
  @DisplayName("of() refuses what parse() refuses: a bad id, an empty key, '..', a leading '/'")
  void ofRefusesTheSame() {
    for (Runnable r :
        List.<Runnable>of(
            () -> FileRef.of("S3", "a"),
            () -> FileRef.of("s3", ""),
            () -> FileRef.of("s3", "../a"),
            () -> FileRef.of("s3", "/a"),
            () -> FileRef.of("s3", "a", 0))) {
      assertThatThrownBy(r::run)
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
    }
  }
}
