package dev.stowage.spi.signing;

import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies URLs for drivers that serve their own downloads (local disk, memory). The
 * signature is HMAC-SHA256 over the method, the decoded key, the expiry and every bound parameter,
 * so changing any of them, or any character of the signature, invalidates the URL. Verification
 * compares in constant time.
 *
 * <p>URL shape: {@code <base>/<percent-encoded key>?X-Stowage-Method=GET&X-Stowage-Expires=<epoch
 * seconds>[&response-content-disposition=..][&response-content-type=..][&X-Stowage-Content-Type=..]
 * &X-Stowage-Signature=<hex>}.
 */
public final class HmacUrlSigner {

  static final String METHOD = "X-Stowage-Method";
  static final String EXPIRES = "X-Stowage-Expires";
  static final String SIGNATURE = "X-Stowage-Signature";
  static final String RESPONSE_DISPOSITION = "response-content-disposition";
  static final String RESPONSE_TYPE = "response-content-type";
  static final String CONTENT_TYPE = "X-Stowage-Content-Type";

  /** The parameters a URL may bind, in the order they are signed. */
  private static final List<String> BOUND_PARAMETERS =
      List.of(RESPONSE_DISPOSITION, RESPONSE_TYPE, CONTENT_TYPE);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String SCHEME = "STOWAGE1-HMAC-SHA256";

  private final SecretKeySpec hmacKey;
  private final String base;
  private final String basePath;
  private final Clock clock;

  /** One initialised MAC per thread: Mac.getInstance and init cost more than the MAC itself. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  /**
   * @param signingKey the HMAC key; keep it stable across restarts or old URLs stop working
   * @param baseUrl where the handler is mounted, e.g. {@code https://shop.example/files}
   */
  public HmacUrlSigner(Secret signingKey, URI baseUrl, Clock clock) {
    Objects.requireNonNull(signingKey, "signingKey");
    this.hmacKey =
        new SecretKeySpec(signingKey.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    String b = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    String path = URI.create(base).getRawPath();
    this.basePath = path == null ? "" : path;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The base URL's path, which a handler strips before reading the key. */
  public String basePath() {
    return basePath;
  }

  public PresignedRequest sign(PresignRequest request) {
    Instant expires = clock.instant().plusSeconds(request.ttl().toSeconds());
    Map<String, String> bound = new LinkedHashMap<>();
    request.responseContentDisposition().ifPresent(v -> bound.put(RESPONSE_DISPOSITION, v));
    request.responseContentType().ifPresent(v -> bound.put(RESPONSE_TYPE, v));
    request.contentType().ifPresent(v -> bound.put(CONTENT_TYPE, v));
    long expiresEpoch = expires.getEpochSecond();
    String signature = signature(request.method(), request.key(), expiresEpoch, bound);

    StringBuilder url = new StringBuilder(base).append('/');
    url.append(PercentCoding.encodePath(request.key()));
    url.append('?').append(METHOD).append('=').append(request.method());
    url.append('&').append(EXPIRES).append('=').append(expiresEpoch);
    bound.forEach(
        (k, v) -> url.append('&').append(k).append('=').append(PercentCoding.encodeQueryValue(v)));
    url.append('&').append(SIGNATURE).append('=').append(signature);

    Map<String, String> headers =
        request.contentType().map(t -> Map.of("Content-Type", t)).orElse(Map.of());
    return new PresignedRequest(
        request.method(), url.toString(), headers, Instant.ofEpochSecond(expiresEpoch));
  }

  /**
   * The claims of a signed request, or empty when it is not one we signed, was altered, has
   * expired, or is used with another method. Callers answer all of those alike (403).
   *
   * @param method the HTTP method the request arrived with
   * @param rawKeyPath the raw (still percent-encoded) path after {@link #basePath()} and its '/'
   * @param rawQuery the raw query string
   */
  public Optional<SignedClaims> verify(String method, String rawKeyPath, String rawQuery) {
    if (rawKeyPath == null || rawQuery == null) {
      return Optional.empty();
    }
    String key = PercentCoding.decode(rawKeyPath);
    Map<String, String> params = parseQuery(rawQuery);
    if (key == null || params == null) {
      return Optional.empty();
    }
    String signedMethod = params.get(METHOD);
    String expiresText = params.get(EXPIRES);
    String signature = params.get(SIGNATURE);
    if (signedMethod == null || expiresText == null || signature == null) {
      return Optional.empty();
    }
    HttpMethod parsedMethod;
    long expires;
    try {
      parsedMethod = HttpMethod.valueOf(signedMethod);
      expires = Long.parseLong(expiresText);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Map<String, String> bound = new LinkedHashMap<>();
    for (String name : BOUND_PARAMETERS) {
      String v = params.get(name);
      if (v != null) {
        bound.put(name, v);
      }
    }
    if (params.size() != 3 + bound.size()) {
      return Optional.empty(); // an unknown parameter: not a URL we produced
    }
    byte[] expected =
        signature(parsedMethod, key, expires, bound).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    // Checked after the signature so a forged expiry is never trusted, and the method after that
    // so a valid URL used with the wrong method is refused like any other bad request.
    if (clock.instant().getEpochSecond() >= expires || !parsedMethod.name().equals(method)) {
      return Optional.empty();
    }
    return Optional.of(
        new SignedClaims(
            parsedMethod,
            key,
            Instant.ofEpochSecond(expires),
            bound.get(RESPONSE_DISPOSITION),
            bound.get(RESPONSE_TYPE),
            bound.get(CONTENT_TYPE)));
  }

  private String signature(HttpMethod method, String key, long expires, Map<String, String> bound) {
    // Keys and bound values cannot contain line breaks (the Store rejects control characters),
    // so newline-separated fields are unambiguous.
    StringBuilder toSign = new StringBuilder(SCHEME).append('\n');
    toSign.append(method.name()).append('\n').append(key).append('\n').append(expires);
    for (String name : BOUND_PARAMETERS) {
      toSign.append('\n').append(name).append('=').append(bound.getOrDefault(name, ""));
    }
    // doFinal leaves the MAC reset for this thread's next use.
    return HexFormat.of()
        .formatHex(macs.get().doFinal(toSign.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(hmacKey);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Parameters by name, or null on a malformed or repeated parameter. */
  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = PercentCoding.decode(pair.substring(0, eq));
      String value = PercentCoding.decode(pair.substring(eq + 1));
      if (name == null || value == null || params.put(name, value) != null) {
        return null;
      }
    }
    return params;
  }
}
