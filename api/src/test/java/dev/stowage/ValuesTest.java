package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.spi.FilenameMatcher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  @DisplayName("Keys: the shared rule accepts literal punctuation and non-ASCII, refuses the rest")
  void keys() {
    assertThat(Keys.isValid("a b/+!*'()~=&$@:,;?#[]%/ünï/🎉.zip")).isTrue();
    assertThat(Keys.isValid("%2e%2e/x")).isTrue();
    assertThat(Keys.isValid("é".repeat(512))).isTrue(); // 1024 bytes
    assertThat(Keys.problem("é".repeat(513))).contains("1026 bytes");
    assertThat(Keys.problem("a/")).contains("ends with");
    assertThat(Keys.problem("\uD800x")).contains("surrogate");
    assertThat(Keys.problem("a\u0085b")).contains("U+0085");
  }

  @Test
  @DisplayName("Secrets mask themselves and only long ones show their last four characters")
  void secrets() {
    assertThat(Secret.of("short").toString()).isEqualTo("****");
    assertThat(Secret.of("AKIAIOSFODNN7EXAMPLE").toString()).isEqualTo("****MPLE");
    assertThat(Secret.of(" x ").wasTrimmed()).isTrue();
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc"));
  }

  @Test
  @DisplayName("Content-Disposition carries an ASCII fallback and an RFC 8187 filename*")
  void contentDisposition() {
    assertThat(ContentDisposition.attachment("app.zip"))
        .isEqualTo("attachment; filename=\"app.zip\"; filename*=UTF-8''app.zip");
    assertThat(ContentDisposition.attachment("Ünï \"q\" 🎉.zip"))
        .isEqualTo(
            "attachment; filename=\"_n_ _q_ _.zip\";"
                + " filename*=UTF-8''%C3%9Cn%C3%AF%20%22q%22%20%F0%9F%8E%89.zip");
    assertThatThrownBy(() -> ContentDisposition.inline(" ")).isInstanceOf(StorageException.class);
  }

  @Test
  @DisplayName("Byte ranges resolve against the size and refuse ranges past the end")
  void ranges() {
    assertThat(ByteRange.of(2, 100).resolve(10)).containsExactly(2, 9);
    assertThat(ByteRange.from(5).resolve(10)).containsExactly(5, 9);
    assertThat(ByteRange.lastBytes(3).resolve(10)).containsExactly(7, 9);
    assertThat(ByteRange.lastBytes(30).resolve(10)).containsExactly(0, 9);
    assertThatThrownBy(() -> ByteRange.from(10).resolve(10)).isInstanceOf(StorageException.class);
    assertThat(ByteRange.of(0, 9).toHeaderValue()).isEqualTo("bytes=0-9");
  }

  @Test
  @DisplayName("Globs match whole file names; substrings ignore case; directories never match")
  void matcher() {
    FilenameMatcher zip = FilenameMatcher.of(SearchRequest.glob("app-?.[0-9]*.zip"));
    assertThat(zip.matches("dl/APP-1.2.3.ZIP")).isTrue();
    assertThat(zip.matches("dl/app-10.2.zip")).isFalse();
    FilenameMatcher sub = FilenameMatcher.of(SearchRequest.contains("Manual"));
    assertThat(sub.matches("docs/user-MANUAL.pdf")).isTrue();
    assertThat(sub.matches("manual/readme.txt")).isFalse();
    FilenameMatcher literal = FilenameMatcher.of(SearchRequest.glob("a+b (1).txt"));
    assertThat(literal.matches("x/a+b (1).txt")).isTrue();
    assertThatThrownBy(() -> FilenameMatcher.of(SearchRequest.glob("[abc")))
        .isInstanceOf(StorageException.class);
  }
}
