package dev.stowage.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 query-string presigning for S3, built for the hot path: the signing key
 * is derived once per UTC day, the timestamp strings once per second, and each thread reuses its
 * own builders, digest and MAC, so a URL costs one SHA-256 of the canonical request, one HMAC and
 * the output string. Its URLs are byte-identical to the AWS SDK v2 {@code S3Presigner}'s for the
 * same inputs and clock (a differential test holds it to that).
 */
public final class SigV4Presigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** S3 presigned URLs leave the body unsigned; other services sign an empty one. */
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String HMAC = "HmacSHA256";

  private final String accessKeyId;
  private final byte[] secretKeyBytes;
  private final String sessionTokenEncoded;
  private final String region;
  private final String service;
  private final Clock clock;
  private final S3Endpoint endpoint;
  private final String payloadHash;

  private volatile Timestamp timestamp = new Timestamp(Long.MIN_VALUE, "", "");
  private volatile Scope scope = new Scope("", null, "", "");

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  /**
   * @param sessionToken the temporary credentials' token, or null
   * @param service "s3" for S3 and its look-alikes
   */
  public SigV4Presigner(
      String accessKeyId,
      String secretKey,
      String sessionToken,
      String region,
      String service,
      S3Endpoint endpoint,
      Clock clock) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretKeyBytes =
        ("AWS4" + Objects.requireNonNull(secretKey, "secretKey")).getBytes(StandardCharsets.UTF_8);
    this.sessionTokenEncoded =
        sessionToken == null ? null : AwsUriEncoding.encode(sessionToken, false);
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.payloadHash = service.equals("s3") ? UNSIGNED_PAYLOAD : EMPTY_BODY_SHA256;
  }

  /** The instant signatures are made at, truncated to the second as SigV4 writes it. */
  public Instant now() {
    return Instant.ofEpochSecond(clock.instant().getEpochSecond());
  }

  /**
   * A presigned URL.
   *
   * @param method GET, PUT, HEAD or DELETE
   * @param expiresSeconds 1 to 604800
   * @param responseContentDisposition GET override, or null
   * @param responseContentType GET override, or null
   * @param contentType for PUT: the Content-Type the uploader must send (signed), or null
   */
  public String presign(
      String method,
      String bucket,
      String key,
      long expiresSeconds,
      String responseContentDisposition,
      String responseContentType,
      String contentType) {
    Timestamp ts = timestamp(clock.instant().getEpochSecond());
    Scope sc = scope(ts.dateStamp);
    Scratch s = scratch.get();

    // The path, once: it goes into the canonical request and the URL alike.
    StringBuilder path = s.path;
    path.setLength(0);
    path.append('/');
    if (endpoint.pathStyle()) {
      AwsUriEncoding.append(path, bucket, false);
      path.append('/');
    }
    AwsUriEncoding.append(path, key, true);

    String host = endpoint.hostFor(bucket);
    boolean signContentType = contentType != null;

    // Canonical query: parameters sorted by name (upper-case X-Amz-* sort before response-*).
    StringBuilder c = s.canonical;
    c.setLength(0);
    c.append(method).append('\n').append(path).append('\n');
    c.append("X-Amz-Algorithm=").append(ALGORITHM);
    c.append("&X-Amz-Credential=").append(sc.credentialEncoded);
    c.append("&X-Amz-Date=").append(ts.amzDate);
    c.append("&X-Amz-Expires=").append(expiresSeconds);
    if (sessionTokenEncoded != null) {
      c.append("&X-Amz-Security-Token=").append(sessionTokenEncoded);
    }
    c.append("&X-Amz-SignedHeaders=").append(signContentType ? "content-type%3Bhost" : "host");
    int overridesStart = c.length();
    if (responseContentDisposition != null) {
      c.append("&response-content-disposition=");
      AwsUriEncoding.append(c, responseContentDisposition, false);
    }
    if (responseContentType != null) {
      c.append("&response-content-type=");
      AwsUriEncoding.append(c, responseContentType, false);
    }
    int overridesEnd = c.length();
    c.append('\n');
    if (signContentType) {
      c.append("content-type:");
      appendTrimmedHeaderValue(c, contentType);
      c.append('\n');
    }
    c.append("host:").append(host).append("\n\n");
    c.append(signContentType ? "content-type;host" : "host").append('\n');
    c.append(payloadHash);

    byte[] canonicalHash = s.sha256(c);

    StringBuilder sts = s.stringToSign;
    sts.setLength(0);
    sts.append(ALGORITHM)
        .append('\n')
        .append(ts.amzDate)
        .append('\n')
        .append(sc.scope)
        .append('\n');
    AwsUriEncoding.appendHex(sts, canonicalHash);
    byte[] signature = s.hmac(sc.signingKey, sts);

    // The URL, in the order the SDK writes it: request parameters, then the signing ones.
    StringBuilder url = s.url;
    url.setLength(0);
    url.append(endpoint.scheme()).append("://").append(host).append(path).append('?');
    if (overridesEnd > overridesStart) {
      url.append(c, overridesStart + 1, overridesEnd).append('&');
    }
    if (sessionTokenEncoded != null) {
      url.append("X-Amz-Security-Token=").append(sessionTokenEncoded).append('&');
    }
    url.append("X-Amz-Algorithm=").append(ALGORITHM);
    url.append("&X-Amz-Date=").append(ts.amzDate);
    url.append("&X-Amz-SignedHeaders=").append(signContentType ? "content-type%3Bhost" : "host");
    url.append("&X-Amz-Credential=").append(sc.credentialEncoded);
    url.append("&X-Amz-Expires=").append(expiresSeconds);
    url.append("&X-Amz-Signature=");
    AwsUriEncoding.appendHex(url, signature);
    return url.toString();
  }

  /**
   * The signature of a canonical request made elsewhere (header-signed requests), at the clock's
   * current second: the same key derivation, string to sign and HMAC as {@link #presign}.
   */
  String signCanonicalRequest(String canonicalRequest) {
    Timestamp ts = timestamp(clock.instant().getEpochSecond());
    Scope sc = scope(ts.dateStamp);
    Scratch s = scratch.get();
    StringBuilder sts = s.stringToSign;
    sts.setLength(0);
    sts.append(ALGORITHM)
        .append('\n')
        .append(ts.amzDate)
        .append('\n')
        .append(sc.scope)
        .append('\n');
    AwsUriEncoding.appendHex(sts, s.sha256(new StringBuilder(canonicalRequest)));
    StringBuilder hex = new StringBuilder(64);
    AwsUriEncoding.appendHex(hex, s.hmac(sc.signingKey, sts));
    return hex.toString();
  }

  /** SigV4 header canonical form: trimmed, inner runs of spaces collapsed to one. */
  private static void appendTrimmedHeaderValue(StringBuilder out, String value) {
    String v = value.strip();
    boolean space = false;
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == ' ') {
        if (!space) {
          out.append(' ');
        }
        space = true;
      } else {
        out.append(ch);
        space = false;
      }
    }
  }

  private Timestamp timestamp(long epochSecond) {
    Timestamp t = timestamp;
    if (t.epochSecond != epochSecond) {
      LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
      String date =
          String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
      String time = String.format("%02d%02d%02d", d.getHour(), d.getMinute(), d.getSecond());
      t = new Timestamp(epochSecond, date + "T" + time + "Z", date);
      timestamp = t;
    }
    return t;
  }

  private Scope scope(String dateStamp) {
    Scope sc = scope;
    if (!sc.dateStamp.equals(dateStamp)) {
      // Derived again only when the UTC date changes: four HMACs once a day, not per URL.
      byte[] k = hmac(secretKeyBytes, dateStamp);
      k = hmac(k, region);
      k = hmac(k, service);
      k = hmac(k, "aws4_request");
      String scopeText = dateStamp + "/" + region + "/" + service + "/aws4_request";
      sc =
          new Scope(
              dateStamp,
              new SecretKeySpec(k, HMAC),
              scopeText,
              AwsUriEncoding.encode(accessKeyId + "/" + scopeText, false));
      scope = sc;
    }
    return sc;
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private record Timestamp(long epochSecond, String amzDate, String dateStamp) {}

  private record Scope(
      String dateStamp, SecretKeySpec signingKey, String scope, String credentialEncoded) {}

  /** Per-thread buffers: nothing here is shared, so nothing needs a lock. */
  private static final class Scratch {
    final StringBuilder path = new StringBuilder(256);
    final StringBuilder canonical = new StringBuilder(1024);
    final StringBuilder stringToSign = new StringBuilder(256);
    final StringBuilder url = new StringBuilder(1024);
    final MessageDigest sha;
    final Mac mac;
    SecretKeySpec macKey;
    byte[] bytes = new byte[1024];

    Scratch() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
        mac = Mac.getInstance(HMAC);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** SHA-256 of an ASCII builder (everything in a canonical request is ASCII once encoded). */
    byte[] sha256(StringBuilder text) {
      int n = ascii(text);
      sha.update(bytes, 0, n);
      return sha.digest();
    }

    byte[] hmac(SecretKeySpec key, StringBuilder text) {
      try {
        if (macKey != key) {
          mac.init(key);
          macKey = key;
        }
        int n = ascii(text);
        mac.update(bytes, 0, n);
        return mac.doFinal();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private int ascii(StringBuilder text) {
      int n = text.length();
      if (bytes.length < n) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
      }
      for (int i = 0; i < n; i++) {
        char ch = text.charAt(i);
        if (ch >= 0x80) {
          // Only a header value can carry non-ASCII; encode the whole text exactly as UTF-8.
          byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
          if (bytes.length < utf8.length) {
            bytes = new byte[utf8.length];
          }
          System.arraycopy(utf8, 0, bytes, 0, utf8.length);
          return utf8.length;
        }
        bytes[i] = (byte) ch;
      }
      return n;
    }
  }
}
