package dev.stowage.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The embedded server's own SigV4 check against the signatures AWS publishes for S3. */
class SigV4HeaderCheckTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String DATE = "20130524T000000Z";

  private static String signature(
      String path, String query, Map<String, String> headers, String signedHeaders) {
    SigV4HeaderCheck.Authorization authorization =
        SigV4HeaderCheck.Authorization.parse(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                    + "SignedHeaders="
                    + signedHeaders
                    + ",Signature="
                    + "0".repeat(64))
            .orElseThrow();
    return SigV4HeaderCheck.expectedSignature(
        "GET",
        path,
        query,
        name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(),
        authorization,
        DATE,
        EMPTY_SHA256,
        SECRET);
  }

  private static Map<String, String> headers() {
    return Map.of(
        "host", "examplebucket.s3.amazonaws.com",
        "x-amz-content-sha256", EMPTY_SHA256,
        "x-amz-date", DATE);
  }

  @Test
  @DisplayName(
      "GET /?lifecycle: AWS's published signature (the sub-resource signs as 'lifecycle=')")
  void lifecycle() {
    assertThat(signature("/", "lifecycle", headers(), "host;x-amz-content-sha256;x-amz-date"))
        .isEqualTo("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  }

  @Test
  @DisplayName("GET /?max-keys=2&prefix=J: parameters signed in sorted order")
  void sortedQuery() {
    assertThat(
            signature(
                "/", "prefix=J&max-keys=2", headers(), "host;x-amz-content-sha256;x-amz-date"))
        .isEqualTo("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }

  @Test
  @DisplayName(
      "GET /test.txt with Range: AWS's published signature; another secret signs otherwise")
  void rangedGet() {
    Map<String, String> headers = new java.util.HashMap<>(headers());
    headers.put("range", "bytes=0-9");
    String signed = "host;range;x-amz-content-sha256;x-amz-date";
    assertThat(signature("/test.txt", null, headers, signed))
        .isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    headers.put("range", "bytes=0-8");
    assertThat(signature("/test.txt", null, headers, signed))
        .isNotEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  @DisplayName(
      "Only an AWS4-HMAC-SHA256 header with credential, signed headers and signature parses")
  void parse() {
    assertThat(SigV4HeaderCheck.Authorization.parse(null)).isEmpty();
    assertThat(SigV4HeaderCheck.Authorization.parse("AWS AKIAIOSFODNN7EXAMPLE:abc")).isEmpty();
    assertThat(
            SigV4HeaderCheck.Authorization.parse(
                    "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature="
                        + "a".repeat(64))
                .orElseThrow()
                .signedHeaders())
        .containsExactly("host", "x-amz-date");
  }
}
