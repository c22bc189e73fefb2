package dev.stowage.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * AWS Signature Version 4 query-string presigning for S3, built for the hot path: the signing key
 * is derived once per UTC day; everything that changes once a second (the date, the constant runs
 * of the query string, the hash state of the string to sign's fixed head) is prepared once a
 * second; a thread borrows byte buffers and a digest from the instance's few slots and gives them
 * back. A URL then costs the SHA-256 of its canonical request, three more SHA-256 blocks for the
 * HMAC and the output string. Its URLs are byte-identical to the AWS SDK v2 {@code S3Presigner}'s
 * for the same inputs and clock (a differential test holds it to that). It also signs browser POST
 * policies, which the SDK cannot.
 */
public final class SigV4Presigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** S3 presigned URLs leave the body unsigned; other services sign an empty one. */
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** Enough scratch slots that threads signing at once rarely share one (a power of two). */
  private static final int SLOTS = 64;

  private static final byte[] SIGNATURE_PARAM = ascii("&X-Amz-Signature=");

  /** yyyyMMdd'T'HHmmss'Z' in ASCII digits (DateTimeFormatter's default decimal style). */
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final String accessKeyId;
  private final byte[] secretKeyBytes;
  private final String sessionToken;
  private final String region;
  private final String service;
  private final Clock clock;
  private final S3Endpoint endpoint;

  private final String tokenEncoded;
  private final String payloadHash;

  /** Canonical query after X-Amz-Expires: the token (if any) and the signed headers. */
  private final BySignedHeaders canonicalAfterExpires;

  private volatile Second second = new Second(Long.MIN_VALUE, "", null, null, null, null);
  private volatile Day day;

  /**
   * Scratch buffers lent to one thread at a time, a slot per thread id. Not thread-locals: those
   * would keep key-derived state (and, through its class, a web app's class loader) in every pool
   * thread that ever signed, after this instance is closed or replaced by a key rotation. Here it
   * all goes with the instance.
   */
  private final AtomicReferenceArray<Scratch> scratches = new AtomicReferenceArray<>(SLOTS);

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
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokenEncoded = sessionToken == null ? null : encode(sessionToken);
    this.payloadHash = service.equals("s3") ? UNSIGNED_PAYLOAD : EMPTY_BODY_SHA256;
    String token = tokenEncoded == null ? "" : "&X-Amz-Security-Token=" + tokenEncoded;
    this.canonicalAfterExpires =
        BySignedHeaders.of(signed -> token + "&X-Amz-SignedHeaders=" + signed.replace(";", "%3B"));
  }

  /** The instant signatures are made at, truncated to the second as SigV4 writes it. */
  public Instant now() {
    return Instant.ofEpochSecond(Math.floorDiv(clock.millis(), 1000L));
  }

  /** A presigned URL signed at the clock's current second; see {@link #presignAt}. */
  public String presign(
      String method,
      String bucket,
      String key,
      long expiresSeconds,
      String responseContentDisposition,
      String responseContentType,
      String contentType) {
    return presignAt(
        Math.floorDiv(clock.millis(), 1000L),
        method,
        bucket,
        key,
        expiresSeconds,
        responseContentDisposition,
        responseContentType,
        contentType);
  }

  /**
   * A presigned URL signed at {@code epochSecond} (take it from {@link #now()} to report the exact
   * expiry the URL carries).
   *
   * @param method GET, PUT, HEAD or DELETE
   * @param expiresSeconds 1 to 604800
   * @param responseContentDisposition GET override, or null
   * @param responseContentType GET override, or null
   * @param contentType for PUT: the Content-Type the uploader must send (signed), or null
   */
  public String presignAt(
      long epochSecond,
      String method,
      String bucket,
      String key,
      long expiresSeconds,
      String responseContentDisposition,
      String responseContentType,
      String contentType) {
    Second sec = second(epochSecond);
    int slot = slot();
    Scratch s = borrow(slot);
    try {
      return presignAt(
          sec,
          s,
          method,
          bucket,
          key,
          expiresSeconds,
          responseContentDisposition,
          responseContentType,
          contentType);
    } finally {
      giveBack(slot, s);
    }
  }

  private String presignAt(
      Second sec,
      Scratch s,
      String method,
      String bucket,
      String key,
      long expiresSeconds,
      String responseContentDisposition,
      String responseContentType,
      String contentType) {
    Host host = s.host(this, bucket);
    boolean signContentType = contentType != null;

    // Canonical request. The path and the response overrides are written once here and copied
    // into the URL below; query parameters go sorted by name (X-Amz-* before response-*).
    AsciiBuffer c = s.canonical.clear();
    c.put(method).put('\n');
    int pathStart = c.length;
    c.put(host.pathStart);
    c.putEncoded(key, true);
    int pathEnd = c.length;
    c.put('\n').put(sec.canonicalQueryHead).put(expiresSeconds);
    c.put(canonicalAfterExpires.pick(signContentType));
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
    c.put(host.canonicalTail.pick(signContentType));

    // The string to sign's head is hashed into the thread's MAC; only the hex hash is left.
    AsciiBuffer hashHex = s.hashHex.clear().putHex(s.sha256(c));
    s.stringToSignMac(sec).mac(hashHex.bytes, 0, hashHex.length, s.signature, 0);

    // The URL, in the order the SDK writes it: request parameters, then the signing ones.
    AsciiBuffer url = s.url.clear();
    url.put(host.urlStart).put(c, pathStart, pathEnd).put('?');
    if (overridesEnd > overridesStart) {
      url.put(c, overridesStart + 1, overridesEnd).put('&');
    }
    url.put(sec.urlSigningParams.pick(signContentType)).put(expiresSeconds);
    url.put(SIGNATURE_PARAM).putHex(s.signature);
    return url.toString();
  }

  /**
   * Signs a browser POST policy at the clock's current second: the policy's conditions get the
   * credential, algorithm and date they must carry, and the returned fields are what the form must
   * send, the file last (see {@link S3PostPolicy}).
   */
  public S3PostPolicy.Signed signPostPolicy(S3PostPolicy policy) {
    Second sec = second(clock.instant().getEpochSecond());
    Instant now = Instant.ofEpochSecond(sec.epochSecond);
    String credential = accessKeyId + "/" + sec.day.scope;
    String base64 = policy.encode(now, sec.amzDate, credential, sessionToken);
    // For a POST policy the string to sign is the base64 policy itself.
    byte[] mac = HmacSha256.forKey(sec.day.signingKey).mac(ascii(base64));
    String signature = new AsciiBuffer(64).putHex(mac).toString();
    String url =
        endpoint.scheme()
            + "://"
            + endpoint.hostFor(policy.bucket())
            + endpoint.basePath()
            + (endpoint.bucketInPath(policy.bucket()) ? "/" + encode(policy.bucket()) : "/");
    return policy.signed(url, base64, sec.amzDate, credential, sessionToken, signature, now);
  }

  /**
   * The signature of a canonical request made elsewhere (header-signed requests), at the clock's
   * current second: the same key derivation, string to sign and HMAC as {@link #presign}.
   */
  String signCanonicalRequest(String canonicalRequest) {
    Second sec = second(clock.instant().getEpochSecond());
    int slot = slot();
    Scratch s = borrow(slot);
    try {
      AsciiBuffer c = s.canonical.clear().putUtf8(canonicalRequest);
      AsciiBuffer hashHex = s.hashHex.clear().putHex(s.sha256(c));
      s.stringToSignMac(sec).mac(hashHex.bytes, 0, hashHex.length, s.signature, 0);
      return new AsciiBuffer(64).putHex(s.signature).toString();
    } finally {
      giveBack(slot, s);
    }
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number.
  private static int slot() {
    return (int) Thread.currentThread().getId() & (SLOTS - 1);
  }

  /** The slot's scratch (a thread mostly finds its own, with its caches), or a new one. */
  private Scratch borrow(int slot) {
    Scratch s = scratches.getAndSet(slot, null);
    return s != null ? s : new Scratch();
  }

  /** Back into its slot, unless another thread filled it meanwhile (then it is dropped). */
  private void giveBack(int slot, Scratch s) {
    scratches.compareAndSet(slot, null, s);
  }

  /** SigV4 header canonical form: trimmed, inner runs of whitespace collapsed to one space. */
  private static String canonicalHeaderValue(String value) {
    // ASCII whitespace only (space, tab, LF, VT, FF, CR), as the AWS SDK trims: String.strip()
    // would also drop Unicode spaces the SDK keeps, and the signatures would differ.
    StringBuilder out = new StringBuilder(value.length());
    boolean pendingSpace = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String encode(String s) {
    return new AsciiBuffer(s.length() * 3).putEncoded(s, false).toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private Second second(long epochSecond) {
    Second sec = second;
    if (sec.epochSecond != epochSecond) {
      // ISO digits whatever the default locale: String.format("%d") would write Arabic-Indic
      // digits under ar-EG, fa-IR and others, and every signature would fail.
      LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
      String amzDate = AMZ_DATE.format(d);
      String date = amzDate.substring(0, 8);
      Day dy = day(date);
      sec =
          new Second(
              epochSecond,
              amzDate,
              dy,
              ascii(
                  "X-Amz-Algorithm="
                      + ALGORITHM
                      + "&X-Amz-Credential="
                      + dy.credentialEncoded
                      + "&X-Amz-Date="
                      + amzDate
                      + "&X-Amz-Expires="),
              BySignedHeaders.of(
                  signed ->
                      (tokenEncoded == null ? "" : "X-Amz-Security-Token=" + tokenEncoded + "&")
                          + "X-Amz-Algorithm="
                          + ALGORITHM
                          + "&X-Amz-Date="
                          + amzDate
                          + "&X-Amz-SignedHeaders="
                          + signed.replace(";", "%3B")
                          + "&X-Amz-Credential="
                          + dy.credentialEncoded
                          + "&X-Amz-Expires="),
              ascii(ALGORITHM + "\n" + amzDate + "\n" + dy.scope + "\n"));
      second = sec;
    }
    return sec;
  }

  private Day day(String dateStamp) {
    Day dy = day;
    if (dy == null || !dy.dateStamp.equals(dateStamp)) {
      // Derived again only when the UTC date changes: four HMACs once a day, not per URL.
      byte[] k = HmacSha256.forKey(secretKeyBytes).mac(ascii(dateStamp));
      k = HmacSha256.forKey(k).mac(region.getBytes(StandardCharsets.UTF_8));
      k = HmacSha256.forKey(k).mac(service.getBytes(StandardCharsets.UTF_8));
      k = HmacSha256.forKey(k).mac(ascii("aws4_request"));
      String scope = dateStamp + "/" + region + "/" + service + "/aws4_request";
      String credentialEncoded = encode(accessKeyId + "/" + scope);
      dy = new Day(dateStamp, k, scope, credentialEncoded);
      day = dy;
    }
    return dy;
  }

  /** What changes once a UTC day: the signing key and the credential scope. */
  private record Day(String dateStamp, byte[] signingKey, String scope, String credentialEncoded) {}

  /**
   * What changes once a second: the date, the query runs around it (the URL's signing parameters up
   * to X-Amz-Expires in one run), and the string to sign's head
   * ("AWS4-HMAC-SHA256\n{date}\n{scope}\n").
   */
  private record Second(
      long epochSecond,
      String amzDate,
      Day day,
      byte[] canonicalQueryHead,
      BySignedHeaders urlSigningParams,
      byte[] stringToSignHead) {}

  /**
   * A bucket's URL start ("https://host"), path start, and the canonical request's end from the
   * host header on.
   */
  private record Host(
      String bucket, byte[] urlStart, byte[] pathStart, BySignedHeaders canonicalTail) {

    static Host of(SigV4Presigner signer, String bucket) {
      S3Endpoint endpoint = signer.endpoint;
      String host = endpoint.hostFor(bucket);
      return new Host(
          bucket,
          ascii(endpoint.scheme() + "://" + host),
          ascii(
              endpoint.basePath()
                  + (endpoint.bucketInPath(bucket) ? "/" + encode(bucket) + "/" : "/")),
          BySignedHeaders.of(
              signed -> "host:" + host + "\n\n" + signed + "\n" + signer.payloadHash));
    }
  }

  /**
   * One run of bytes in two versions: for URLs that sign only {@code host}, and for those that also
   * bind the uploader's {@code content-type}. Pre-built so a URL copies one run, not three.
   */
  private record BySignedHeaders(byte[] host, byte[] contentTypeAndHost) {

    static BySignedHeaders of(Function<String, String> withSignedHeaders) {
      return new BySignedHeaders(
          ascii(withSignedHeaders.apply("host")),
          ascii(withSignedHeaders.apply("content-type;host")));
    }

    byte[] pick(boolean contentType) {
      return contentType ? contentTypeAndHost : host;
    }
  }

  /** Buffers used by one thread at a time (see {@link #scratches}), so nothing needs a lock. */
  private static final class Scratch {
    final AsciiBuffer canonical = new AsciiBuffer(1024);
    final AsciiBuffer hashHex = new AsciiBuffer(64);
    final AsciiBuffer url = new AsciiBuffer(1024);
    final MessageDigest sha = HmacSha256.newSha256();
    final byte[] hash = new byte[32];
    final byte[] signature = new byte[32];
    Host lastHost;
    Second macSecond;
    HmacSha256 mac;

    /**
     * This scratch's MAC for the second's signing key with the string to sign's head already
     * hashed, made again when the second changes. Used by one thread at a time, not shared: cloning
     * a digest only reads it with the JDK's own provider, but a PKCS#11 provider (FIPS set-ups)
     * clones through the token session, which one thread at a time may use.
     */
    HmacSha256 stringToSignMac(Second sec) {
      if (macSecond != sec) {
        mac = HmacSha256.forKey(sec.day.signingKey).withPrefix(sec.stringToSignHead);
        macSecond = sec;
      }
      return mac;
    }

    /** The digest, in a buffer reused by this scratch: use it before the next call. */
    byte[] sha256(AsciiBuffer text) {
      try {
        sha.update(text.bytes, 0, text.length);
        sha.digest(hash, 0, hash.length);
        return hash;
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The host for a bucket, remembered for the last bucket this scratch signed for. */
    Host host(SigV4Presigner signer, String bucket) {
      Host h = lastHost;
      if (h == null || !h.bucket.equals(bucket)) {
        h = Host.of(signer, bucket);
        lastHost = h;
      }
      return h;
    }
  }
}
