package dev.stowage.testkit.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header the way S3 does: the canonical
 * request is rebuilt from the request as received (path and query as sent, the signed headers'
 * values, the declared payload hash) and signed again with the caller's secret. For the bucket
 * settings S3Proxy does not implement, which {@link BucketSettingsFilter} answers before S3Proxy's
 * own check runs.
 */
final class SigV4HeaderCheck {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request"
              + "\\s*,\\s*SignedHeaders=([a-z0-9;\\-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

  private SigV4HeaderCheck() {}

  /** The parts of a parsed {@code Authorization} header. */
  record Authorization(
      String accessKey,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {

    /** Empty when the header is not a SigV4 header. */
    static Optional<Authorization> parse(String header) {
      if (header == null) {
        return Optional.empty();
      }
      Matcher m = AUTHORIZATION.matcher(header);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Authorization(
              m.group(1),
              m.group(2),
              m.group(3),
              m.group(4),
              List.of(m.group(5).split(";")),
              m.group(6)));
    }
  }

  /**
   * The signature S3 would expect for this request.
   *
   * @param headers the request's headers by lower-case name, each with all its values
   * @param payloadHash the {@code x-amz-content-sha256} value the client declared
   */
  static String expectedSignature(
      String method,
      String rawPath,
      String rawQuery,
      Function<String, List<String>> headers,
      Authorization authorization,
      String amzDate,
      String payloadHash,
      String secretKey) {
    Objects.requireNonNull(secretKey, "secretKey");
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : authorization.signedHeaders()) {
      List<String> values = headers.apply(name);
      List<String> trimmed = new ArrayList<>();
      for (String value : values == null ? List.<String>of() : values) {
        trimmed.add(value.trim().replaceAll("\\s+", " "));
      }
      canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    String canonicalRequest =
        method
            + '\n'
            + (rawPath.isEmpty() ? "/" : rawPath)
            + '\n'
            + canonicalQuery(rawQuery)
            + '\n'
            + canonicalHeaders
            + '\n'
            + String.join(";", authorization.signedHeaders())
            + '\n'
            + payloadHash;
    String scope =
        authorization.date()
            + '/'
            + authorization.region()
            + '/'
            + authorization.service()
            + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), authorization.date());
    key = hmac(key, authorization.region());
    key = hmac(key, authorization.service());
    key = hmac(key, "aws4_request");
    return HexFormat.of().formatHex(hmac(key, stringToSign));
  }

  /** Compares two signatures in time independent of where they differ. */
  static boolean sameSignature(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Parameters sorted by name then value, each {@code name=value} as the client encoded it. */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<Map.Entry<String, String>> parameters = new ArrayList<>();
    for (String parameter : rawQuery.split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      parameters.add(
          equals < 0
              ? Map.entry(parameter, "")
              : Map.entry(parameter.substring(0, equals), parameter.substring(equals + 1)));
    }
    parameters.sort(
        Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    List<String> joined = new ArrayList<>();
    for (Map.Entry<String, String> p : parameters) {
      joined.add(p.getKey() + '=' + p.getValue());
    }
    return String.join("&", joined);
  }

  private static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
