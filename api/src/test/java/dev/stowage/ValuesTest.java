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
    assertThat(Keys.problem("a\u007fb")).contains("U+007F");
    assertThat(Keys.problem("a\\b")).contains("backslash at index 1");
  }

  @Test
  @DisplayName("Keys: the 1024-byte limit counts UTF-8 bytes of every width, pairs as four")
  void keyLengthInUtf8() {
    for (String unit : new String[] {"a", "é", "日", "🎉"}) {
      int width = unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      String fits = unit.repeat(1024 / width) + "a".repeat(1024 % width);
      assertThat(Keys.isValid(fits)).as(unit).isTrue();
      assertThat(Keys.problem(fits + "a")).as(unit).contains("1025 bytes");
    }
  }

  @Test
  @DisplayName("Keys: empty, '.' and '..' segments are refused wherever they stand")
  void keySegments() {
    assertThat(Keys.problem("a//b")).contains("empty segment");
    assertThat(Keys.problem("./a")).contains("'.' segment");
    assertThat(Keys.problem("a/../b")).contains("'..' segment");
    assertThat(Keys.problem("a/..")).contains("'..' segment");
    assertThat(Keys.problem("a/b/")).contains("ends with '/'");
    assertThat(Keys.isValid("a/.b/..c/.../x.")).isTrue();
  }

  @Test
  @DisplayName("Presigned requests keep the URL as written, parse it on demand, hide the signature")
  void presignedRequests() {
    String url = "https://b.example/k%20y?X-Amz-Signature=abcdef0123";
    PresignedRequest p =
        new PresignedRequest(HttpMethod.GET, url, java.util.Map.of(), java.time.Instant.EPOCH);
    assertThat(p.url()).isSameAs(url);
    assertThat(p.uri().getRawPath()).isEqualTo("/k%20y");
    assertThat(p.toString()).doesNotContain("abcdef0123");
    assertThat(
            new PresignedRequest(
                    HttpMethod.GET,
                    "HTTPS://B.example/k",
                    java.util.Map.of(),
                    java.time.Instant.EPOCH)
                .uri()
                .getHost())
        .isEqualTo("B.example");
    PresignedRequest malformed =
        new PresignedRequest(
            HttpMethod.GET,
            "https://b.example/a b?X-Amz-Signature=deadbeef42",
            java.util.Map.of(),
            java.time.Instant.EPOCH);
    assertThatThrownBy(malformed::uri)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 19")
        .hasMessageNotContaining("deadbeef42");
    assertThatThrownBy(
            () ->
                new PresignedRequest(
                    HttpMethod.GET,
                    "ftp://x/?sig=secret1",
                    java.util.Map.of(),
                    java.time.Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret1");
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

  @Test
  @DisplayName("PresignRequest: a factory per method, and toBuilder() keeps every value")
  void presignRequestFactoriesAndToBuilder() {
    java.time.Duration ttl = java.time.Duration.ofMinutes(5);
    assertThat(PresignRequest.head("k", ttl).method()).isEqualTo(HttpMethod.HEAD);
    assertThat(PresignRequest.delete("k", ttl).method()).isEqualTo(HttpMethod.DELETE);
    PresignRequest get =
        PresignRequest.get("k", ttl).toBuilder()
            .inlineFilename("A.pdf")
            .responseContentType("a/b")
            .build();
    PresignRequest copy = get.toBuilder().build();
    assertThat(copy.responseContentDisposition()).isEqualTo(get.responseContentDisposition());
    assertThat(copy.responseContentType()).contains("a/b");
    assertThat(copy.key()).isEqualTo("k");
    assertThat(copy.ttl()).isEqualTo(ttl);
    assertThat(get.toBuilder().downloadFilename("B.pdf").build().responseContentDisposition())
        .hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
  }
}
