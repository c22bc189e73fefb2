package dev.stowage.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SigV4VectorsTest {

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static String signature(String url) {
    return url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
  }

  @Test
  @DisplayName("AWS signing test suite get-vanilla, presigned for 3600 s")
  void getVanillaQuery() {
    SigV4Presigner signer =
        new SigV4Presigner(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            null,
            "us-east-1",
            "service",
            new S3Endpoint("https", "amazonaws.com", -1, false),
            at("2015-08-30T12:36:00Z"));
    String url = signer.presign("GET", "example", "", 3600, null, null, null);
    assertThat(signature(url))
        .isEqualTo("e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
  }

  @Test
  @DisplayName("S3 documentation example: GET /test.txt presigned for 86400 s")
  void s3DocumentationExample() {
    SigV4Presigner signer = s3Example();
    String url = signer.presign("GET", "examplebucket", "test.txt", 86400, null, null, null);
    assertThat(url).startsWith("https://examplebucket.s3.amazonaws.com/test.txt?");
    assertThat(signature(url))
        .isEqualTo("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  }

  @Test
  @DisplayName("S3 documentation example under locales with their own digits (ar-EG, fa-IR)")
  void s3DocumentationExampleInAnyLocale() {
    java.util.Locale saved = java.util.Locale.getDefault();
    try {
      for (String tag : new String[] {"ar-EG", "fa-IR", "hi-IN-u-nu-deva"}) {
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag(tag));
        SigV4Presigner signer = s3Example();
        String url = signer.presign("GET", "examplebucket", "test.txt", 86400, null, null, null);
        assertThat(url).as(tag).contains("X-Amz-Date=20130524T000000Z");
        assertThat(signature(url))
            .as(tag)
            .isEqualTo("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
      }
    } finally {
      java.util.Locale.setDefault(saved);
    }
  }

  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static SigV4Presigner s3Example() {
    return new SigV4Presigner(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        null,
        "us-east-1",
        "s3",
        new S3Endpoint("https", "s3.amazonaws.com", -1, false),
        at("2013-05-24T00:00:00Z"));
  }

  private static String headerSigned(String query, String extraHeaders, String extraNames) {
    return "GET\n"
        + (query == null ? "/test.txt\n\n" : "/\n" + query + "\n")
        + "host:examplebucket.s3.amazonaws.com\n"
        + extraHeaders
        + "x-amz-content-sha256:"
        + EMPTY
        + "\nx-amz-date:20130524T000000Z\n\n"
        + "host;"
        + extraNames
        + "x-amz-content-sha256;x-amz-date\n"
        + EMPTY;
  }

  @Test
  @DisplayName("S3 header-signed examples: ranged GET, ?lifecycle, ?max-keys=2&prefix=J")
  void s3HeaderSignedExamples() {
    SigV4Presigner signer = s3Example();
    assertThat(signer.signCanonicalRequest(headerSigned(null, "range:bytes=0-9\n", "range;")))
        .isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(signer.signCanonicalRequest(headerSigned("lifecycle=", "", "")))
        .isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    assertThat(signer.signCanonicalRequest(headerSigned("max-keys=2&prefix=J", "", "")))
        .isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }
}
