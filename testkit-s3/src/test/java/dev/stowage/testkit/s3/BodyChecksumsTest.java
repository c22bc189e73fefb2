package dev.stowage.testkit.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The body checksums the embedded server checks on bucket settings documents. */
class BodyChecksumsTest {

  private static final byte[] HELLO = "hello".getBytes(UTF_8);

  @Test
  @DisplayName("Matching Content-MD5 and x-amz-checksum-crc32 pass; no header passes")
  void matching() {
    Map<String, String> headers =
        Map.of(
            "content-md5", "XUFAKrxLKna5cZ2REBfFkg==",
            "x-amz-checksum-crc32", "NhCmhg==");
    assertThat(BodyChecksums.mismatch(HELLO, headers::get)).isEmpty();
    assertThat(BodyChecksums.mismatch(HELLO, name -> null)).isEmpty();
  }

  @Test
  @DisplayName("A checksum of other bytes names the header that does not match")
  void mismatching() {
    Map<String, String> headers = Map.of("x-amz-checksum-crc32", "NhCmhw==");
    assertThat(BodyChecksums.mismatch(HELLO, headers::get)).contains("x-amz-checksum-crc32");
    Map<String, String> md5 = Map.of("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==");
    assertThat(BodyChecksums.mismatch(HELLO, md5::get)).contains("content-md5");
  }
}
