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
 * own byte buffers, digest and MAC, so a URL costs one SHA-256 of the canonical request, one HMAC
 * and the output string. Its URLs are byte-identical to the AWS SDK v2 {@code S3Presigner}'s for
 * the same inputs and clock (a differential test holds it to that). It also signs browser POST
 * policies, which the SDK cannot.
 */
public final class SigV4Presigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String HMAC = "HmacSHA256";

  /** S3 presigned URLs leave the body unsigned; other services sign an empty one. */
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final String accessKeyId;
  private final byte[] secretKeyBytes;
  private final String sessionToken;
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
    this.sessionToken = sessionToken;
    this.sessionTokenEncoded = sessionToken == null ? null : encode(sessionToken);
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
    Timestamp ts = timestamp(Math.floorDiv(clock.millis(), 1000L));
    Scope sc = scope(ts.dateStamp);
    Scratch s = scratch.get();
    String host = s.hostFor(endpoint, bucket);
    boolean signContentType = contentType != null;
    String signedHeaders = signContentType ? "content-type%3Bhost" : "host";

    // Canonical request. The path and the response overrides are written once here and copied
    // into the URL below; query parameters go sorted by name (X-Amz-* before response-*).
    AsciiBuffer c = s.canonical.clear();
    c.put(method).put('\n');
    int pathStart = c.length;
    c.put('/');
    if (endpoint.pathStyle()) {
      c.putEncoded(bucket, false).put('/');
    }
    c.putEncoded(key, true);
    int pathEnd = c.length;
    c.put('\n');
    c.put("X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Credential=").put(sc.credentialEncoded);
    c.put("&X-Amz-Date=").put(ts.amzDate);
    c.put("&X-Amz-Expires=").put(expiresSeconds);
    if (sessionTokenEncoded != null) {
      c.put("&X-Amz-Security-Token=").put(sessionTokenEncoded);
    }
    c.put("&X-Amz-SignedHeaders=").put(signedHeaders);
    int overridesStart = c.length;
    if (responseContentDisposition != null) {
      c.put("&response-content-disposition=").putEncoded(responseContentDisposition, false);
    }
    if (responseContentType != null) {
      c.put("&response-content-type=").putEncoded(responseContentType, false);
    }
    int overridesEnd = c.length;
    c.put('\n');
    if (signContentType) {
      c.put("content-type:").putUtf8(canonicalHeaderValue(contentType)).put('\n');
    }
    c.put("host:").put(host).put("\n\n");
    c.put(signContentType ? "content-type;host\n" : "host\n").put(payloadHash);

    byte[] signature = s.sign(sc.signingKey, stringToSign(s, ts, sc, s.sha256(c)));

    // The URL, in the order the SDK writes it: request parameters, then the signing ones.
    AsciiBuffer url = s.url.clear();
    url.put(endpoint.scheme()).put("://").put(host).put(c, pathStart, pathEnd).put('?');
    if (overridesEnd > overridesStart) {
      url.put(c, overridesStart + 1, overridesEnd).put('&');
    }
    if (sessionTokenEncoded != null) {
      url.put("X-Amz-Security-Token=").put(sessionTokenEncoded).put('&');
    }
    url.put("X-Amz-Algorithm=" + ALGORITHM + "&X-Amz-Date=").put(ts.amzDate);
    url.put("&X-Amz-SignedHeaders=").put(signedHeaders);
    url.put("&X-Amz-Credential=").put(sc.credentialEncoded);
    url.put("&X-Amz-Expires=").put(expiresSeconds);
    url.put("&X-Amz-Signature=").putHex(signature);
    return url.toString();
  }

  /**
   * Signs a browser POST policy at the clock's current second: the policy's conditions get the
   * credential, algorithm and date they must carry, and the returned fields are what the form must
   * send, the file last (see {@link S3PostPolicy}).
   */
  public S3PostPolicy.Signed signPostPolicy(S3PostPolicy policy) {
    Timestamp ts = timestamp(clock.instant().getEpochSecond());
    Scope sc = scope(ts.dateStamp);
    Instant now = Instant.ofEpochSecond(ts.epochSecond);
    String credential = accessKeyId + "/" + sc.scope;
    String base64 = policy.encode(now, ts.amzDate, credential, sessionToken);
    Scratch s = scratch.get();
    // For a POST policy the string to sign is the base64 policy itself.
    byte[] mac = s.sign(sc.signingKey, s.stringToSign.clear().put(base64));
    String signature = new AsciiBuffer(64).putHex(mac).toString();
    String url =
        endpoint.scheme()
            + "://"
            + endpoint.hostFor(policy.bucket())
            + (endpoint.pathStyle() ? "/" + encode(policy.bucket()) : "/");
    return policy.signed(url, base64, ts.amzDate, credential, sessionToken, signature, now);
  }

  /**
   * The signature of a canonical request made elsewhere (header-signed requests), at the clock's
   * current second: the same key derivation, string to sign and HMAC as {@link #presign}.
   */
  String signCanonicalRequest(String canonicalRequest) {
    Timestamp ts = timestamp(clock.instant().getEpochSecond());
    Scope sc = scope(ts.dateStamp);
    Scratch s = scratch.get();
    AsciiBuffer c = s.canonical.clear().putUtf8(canonicalRequest);
    byte[] signature = s.sign(sc.signingKey, stringToSign(s, ts, sc, s.sha256(c)));
    return new AsciiBuffer(64).putHex(signature).toString();
  }

  private static AsciiBuffer stringToSign(Scratch s, Timestamp ts, Scope sc, byte[] hash) {
    return s.stringToSign
        .clear()
        .put(ALGORITHM + "\n")
        .put(ts.amzDate)
        .put('\n')
        .put(sc.scope)
        .put('\n')
        .putHex(hash);
  }

  /** SigV4 header canonical form: trimmed, inner runs of spaces collapsed to one. */
  private static String canonicalHeaderValue(String value) {
    String v = value.strip();
    return v.contains("  ") ? v.replaceAll(" +", " ") : v;
  }

  private static String encode(String s) {
    return new AsciiBuffer(s.length() * 3).putEncoded(s, false).toString();
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
              encode(accessKeyId + "/" + scopeText));
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
    final AsciiBuffer canonical = new AsciiBuffer(1024);
    final AsciiBuffer stringToSign = new AsciiBuffer(256);
    final AsciiBuffer url = new AsciiBuffer(1024);
    final MessageDigest sha;
    final Mac mac;
    SecretKeySpec macKey;
    final byte[] hash = new byte[32];
    final byte[] signature = new byte[32];
    String lastBucket;
    String lastHost;

    Scratch() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
        mac = Mac.getInstance(HMAC);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The digest, in a buffer reused by this thread: use it before the next call. */
    byte[] sha256(AsciiBuffer text) {
      try {
        sha.update(text.bytes, 0, text.length);
        sha.digest(hash, 0, hash.length);
        return hash;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The host for a bucket, remembered for the last bucket this thread signed for. */
    String hostFor(S3Endpoint endpoint, String bucket) {
      if (!bucket.equals(lastBucket)) {
        lastHost = endpoint.hostFor(bucket);
        lastBucket = bucket;
      }
      return lastHost;
    }

    byte[] sign(SecretKeySpec key, AsciiBuffer text) {
      try {
        if (macKey != key) {
          mac.init(key);
          macKey = key;
        }
        mac.update(text.bytes, 0, text.length);
        mac.doFinal(signature, 0);
        return signature;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
