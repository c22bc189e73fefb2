package dev.stowage.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A browser form upload policy for S3 (POST Object with SigV4): the one way to let a browser send a
 * file straight to a bucket while capping its size. Conditions: the bucket, the key (exact, or any
 * key under a prefix, the browser's file name filling in {@code ${filename}}), a {@code
 * content-length-range}, the Content-Type (exact, or a prefix such as {@code image/}), a {@code
 * success_action_status}, and the signing credential, algorithm and date.
 */
public final class S3PostPolicy {

  /** What a signed policy gives the page: where to POST, and the fields to send before the file. */
  public record Signed(String url, Map<String, String> fields, Instant expiresAt) {}

  private static final DateTimeFormatter EXPIRATION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);
  private static final String SUCCESS_STATUS = "201";

  private final String bucket;
  private final String key;
  private final boolean keyIsPrefix;
  private final long minBytes;
  private final long maxBytes;
  private final String contentType;
  private final boolean contentTypeIsPrefix;
  private final Duration ttl;
  private final Map<String, String> metadata;
  private final String serverSideEncryption;

  /**
   * @param contentType null for any; a value ending in '/' (such as {@code image/}) is a prefix,
   *     anything else must match exactly
   * @param metadata user metadata the form must send, exactly ({@code x-amz-meta-*} fields)
   * @param serverSideEncryption {@code AES256}, {@code aws:kms}, or null
   */
  public S3PostPolicy(
      String bucket,
      String key,
      boolean keyIsPrefix,
      long minBytes,
      long maxBytes,
      String contentType,
      Duration ttl,
      Map<String, String> metadata,
      String serverSideEncryption) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.key = Objects.requireNonNull(key, "key");
    this.keyIsPrefix = keyIsPrefix;
    this.minBytes = minBytes;
    this.maxBytes = maxBytes;
    this.contentType = contentType;
    this.contentTypeIsPrefix = contentType != null && contentType.endsWith("/");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.metadata = Map.copyOf(metadata);
    this.serverSideEncryption = serverSideEncryption;
  }

  String bucket() {
    return bucket;
  }

  /** The policy document, base64-encoded, for a signature made at {@code now}. */
  String encode(Instant now, String amzDate, String credential, String sessionToken) {
    StringBuilder json = new StringBuilder(512);
    json.append("{\"expiration\":");
    string(json, EXPIRATION.format(now.plus(ttl).truncatedTo(ChronoUnit.MILLIS)));
    json.append(",\"conditions\":[");
    eq(json, "bucket", bucket);
    json.append(',');
    if (keyIsPrefix) {
      startsWith(json, "$key", key);
    } else {
      eq(json, "key", key);
    }
    json.append(",[\"content-length-range\",").append(minBytes).append(',').append(maxBytes);
    json.append("],");
    if (contentType != null) {
      if (contentTypeIsPrefix) {
        startsWith(json, "$Content-Type", contentType);
      } else {
        eq(json, "Content-Type", contentType);
      }
      json.append(',');
    }
    for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
      eq(json, "x-amz-meta-" + m.getKey(), m.getValue());
      json.append(',');
    }
    if (serverSideEncryption != null) {
      eq(json, "x-amz-server-side-encryption", serverSideEncryption);
      json.append(',');
    }
    eq(json, "success_action_status", SUCCESS_STATUS);
    json.append(',');
    eq(json, "x-amz-algorithm", "AWS4-HMAC-SHA256");
    json.append(',');
    eq(json, "x-amz-credential", credential);
    json.append(',');
    eq(json, "x-amz-date", amzDate);
    if (sessionToken != null) {
      json.append(',');
      eq(json, "x-amz-security-token", sessionToken);
    }
    json.append("]}");
    return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The form fields, in the order a page should write them; the file field comes after. */
  Signed signed(
      String url,
      String policyBase64,
      String amzDate,
      String credential,
      String sessionToken,
      String signature,
      Instant now) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("key", keyIsPrefix ? key + "${filename}" : key);
    if (contentType != null && !contentTypeIsPrefix) {
      fields.put("Content-Type", contentType);
    }
    new TreeMap<>(metadata).forEach((k, v) -> fields.put("x-amz-meta-" + k, v));
    if (serverSideEncryption != null) {
      fields.put("x-amz-server-side-encryption", serverSideEncryption);
    }
    fields.put("success_action_status", SUCCESS_STATUS);
    fields.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
    fields.put("x-amz-credential", credential);
    fields.put("x-amz-date", amzDate);
    if (sessionToken != null) {
      fields.put("x-amz-security-token", sessionToken);
    }
    fields.put("policy", policyBase64);
    fields.put("x-amz-signature", signature);
    return new Signed(url, Collections.unmodifiableMap(fields), now.plus(ttl));
  }

  private static void eq(StringBuilder json, String name, String value) {
    json.append('{');
    string(json, name);
    json.append(':');
    string(json, value);
    json.append('}');
  }

  private static void startsWith(StringBuilder json, String field, String prefix) {
    json.append("[\"starts-with\",");
    string(json, field);
    json.append(',');
    string(json, prefix);
    json.append(']');
  }

  /** A JSON string: quotes, backslashes and control characters escaped; the rest as is. */
  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
