package dev.stowage.spi.signing;

import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies URLs for drivers that serve their own downloads (local disk, memory). The
 * signature is HMAC-SHA256 over the base URL, the store's identity, the method, the decoded key,
 * the expiry and every bound parameter (present or absent), so changing any of them, adding,
 * emptying, repeating or reordering a parameter, or taking a link to another store that shares the
 * key invalidates the URL. Verification compares in constant time.
 *
 * <p>URL shape: {@code <base>/<percent-encoded key>?X-Stowage-Method=GET&X-Stowage-Expires=<epoch
 * seconds>[&response-content-disposition=..][&response-content-type=..][&X-Stowage-Content-Type=..]
 * &X-Stowage-Signature=<hex>}, parameters in exactly that order.
 *
 * <p>Close it with its store: a closed signer signs and verifies nothing and holds no MAC.
 */
public final class HmacUrlSigner implements AutoCloseable {

  static final String METHOD = "X-Stowage-Method";
  static final String EXPIRES = "X-Stowage-Expires";
  static final String SIGNATURE = "X-Stowage-Signature";
  static final String RESPONSE_DISPOSITION = "response-content-disposition";
  static final String RESPONSE_TYPE = "response-content-type";
  static final String CONTENT_TYPE = "X-Stowage-Content-Type";

  /** The parameters a URL may bind, in the order they are signed and must appear. */
  private static final List<String> BOUND_PARAMETERS =
      List.of(RESPONSE_DISPOSITION, RESPONSE_TYPE, CONTENT_TYPE);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String SCHEME = "STOWAGE2-HMAC-SHA256";

  private final SecretKeySpec hmacKey;
  private final String base;
  private final String basePath;
  private final String storeIdentity;
  private final Clock clock;

  /**
   * Initialised MACs not in use (Mac.getInstance and init cost more than the MAC itself). A pool
   * owned by this signer rather than a ThreadLocal: pool threads outlive stores, and a ThreadLocal
   * would keep a key-derived MAC in each of them after the store closed or its key was rotated. It
   * holds at most as many MACs as threads ever signed at once.
   */
  private final ConcurrentLinkedQueue<Mac> idleMacs = new ConcurrentLinkedQueue<>();

  private volatile boolean closed;

  /**
   * @param signingKey the HMAC key; keep it stable across restarts or old URLs stop working
   * @param baseUrl where the handler is mounted, e.g. {@code https://shop.example/files}
   * @param storeIdentity names the store the links open (its root folder, its instance): two stores
   *     sharing a key and a base URL still refuse each other's links
   */
  public HmacUrlSigner(Secret signingKey, URI baseUrl, String storeIdentity, Clock clock) {
    Objects.requireNonNull(signingKey, "signingKey");
    this.hmacKey =
        new SecretKeySpec(signingKey.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    String b = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    String path = URI.create(base).getRawPath();
    this.basePath = path == null ? "" : path;
    this.storeIdentity = Objects.requireNonNull(storeIdentity, "storeIdentity");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The base URL's path, which a handler strips before reading the key. */
  public String basePath() {
    return basePath;
  }

  /** {@code UNAVAILABLE} once closed: the store is gone. */
  public PresignedRequest sign(PresignRequest request) {
    if (closed) {
      throw StorageException.builder(
              StorageException.Code.UNAVAILABLE, "The store is closed: it signs no more links")
          .retryable(false)
          .build();
    }
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
   * The claims of a signed request, or empty when it is not one we signed, was altered (a parameter
   * added, emptied, repeated, reordered or changed), has expired, is used with another method, or
   * this signer is closed. Callers answer all of those alike (403).
   *
   * @param method the HTTP method the request arrived with
   * @param rawKeyPath the raw (still percent-encoded) path after {@link #basePath()} and its '/'
   * @param rawQuery the raw query string
   */
  public Optional<SignedClaims> verify(String method, String rawKeyPath, String rawQuery) {
    if (closed || rawKeyPath == null || rawQuery == null) {
      return Optional.empty();
    }
    String key = PercentCoding.decode(rawKeyPath);
    List<String[]> params = parseQuery(rawQuery);
    if (key == null || params == null || params.size() < 3) {
      return Optional.empty();
    }
    // Exactly the order sign() writes: a URL in any other shape is not one we produced.
    int last = params.size() - 1;
    if (!params.get(0)[0].equals(METHOD)
        || !params.get(1)[0].equals(EXPIRES)
        || !params.get(last)[0].equals(SIGNATURE)) {
      return Optional.empty();
    }
    Map<String, String> bound = new LinkedHashMap<>();
    int previous = -1;
    for (String[] param : params.subList(2, last)) {
      int index = BOUND_PARAMETERS.indexOf(param[0]);
      if (index <= previous) {
        return Optional.empty(); // unknown, repeated or out of order
      }
      previous = index;
      bound.put(param[0], param[1]);
    }
    HttpMethod parsedMethod;
    long expires;
    try {
      parsedMethod = HttpMethod.valueOf(params.get(0)[1]);
      expires = Long.parseLong(params.get(1)[1]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String signature = params.get(last)[1];
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
        SignedClaims.builder(parsedMethod, key, Instant.ofEpochSecond(expires))
            .responseContentDisposition(bound.get(RESPONSE_DISPOSITION))
            .responseContentType(bound.get(RESPONSE_TYPE))
            .requiredContentType(bound.get(CONTENT_TYPE))
            .build());
  }

  /** Drops the pooled MACs; later signing fails and verifying refuses every URL. */
  @Override
  public void close() {
    closed = true;
    idleMacs.clear();
  }

  private String signature(HttpMethod method, String key, long expires, Map<String, String> bound) {
    // Every variable field is length-prefixed, so no value can pose as a field boundary, and an
    // absent parameter ("-") signs differently from one sent empty ("=0:").
    StringBuilder toSign = new StringBuilder(SCHEME).append('\n');
    field(toSign, base);
    field(toSign, storeIdentity);
    toSign.append(method.name()).append('\n');
    field(toSign, key);
    toSign.append(expires).append('\n');
    for (String name : BOUND_PARAMETERS) {
      String value = bound.get(name);
      toSign.append(name);
      if (value == null) {
        toSign.append("-\n");
      } else {
        field(toSign.append('='), value);
      }
    }
    byte[] data = toSign.toString().getBytes(StandardCharsets.UTF_8);
    Mac mac = idleMacs.poll();
    if (mac == null) {
      mac = newMac();
    }
    // doFinal leaves the MAC reset for its next use.
    String hex = HexFormat.of().formatHex(mac.doFinal(data));
    if (!closed) {
      idleMacs.offer(mac);
    }
    return hex;
  }

  private static void field(StringBuilder toSign, String value) {
    toSign.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    toSign.append('\n');
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

  /** Name/value pairs in request order, or null on a malformed one. */
  private static List<String[]> parseQuery(String rawQuery) {
    List<String[]> params = new ArrayList<>();
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = PercentCoding.decode(pair.substring(0, eq));
      String value = PercentCoding.decode(pair.substring(eq + 1));
      if (name == null || value == null) {
        return null;
      }
      params.add(new String[] {name, value});
    }
    return params;
  }
}
