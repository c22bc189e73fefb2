package dev.stowage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Scrubs text before it reaches a message or a log line: known secret values, and the signature and
 * credential parts of presigned URLs (ours and SigV4's), which are bearer credentials.
 */
final class Redaction {

  private static final Pattern SIGNED_QUERY_PARAM =
      Pattern.compile(
          "(?i)((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Stowage-Signature"
              + "|Signature|AWSAccessKeyId|policy)=)[^&\\s\"'<>]+");
  private static final Pattern AUTH_HEADER_SIGNATURE =
      Pattern.compile("(?i)(Signature=)[0-9a-f]{16,}");

  private Redaction() {}

  /** A URL with signature-bearing query parameters replaced by {@code REDACTED}. */
  static String redactUrl(String url) {
    return SIGNED_QUERY_PARAM.matcher(url).replaceAll("$1REDACTED");
  }

  /** Whether {@code url} starts with {@code http://} or {@code https://}, in any case. */
  static boolean isHttpUrl(String url) {
    return url.regionMatches(true, 0, "https://", 0, 8)
        || url.regionMatches(true, 0, "http://", 0, 7);
  }

  /**
   * The URL parsed; if it does not parse, the error names it with its signature removed (the JDK's
   * own message would quote it whole).
   */
  static URI parseUrl(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Not a valid URI ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "): "
              + redactUrl(url));
    }
  }

  /** The text with every secret value and signature removed. */
  static String redact(String text, Iterable<Secret> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Secret s : secrets) {
      String v = s.reveal();
      if (v.length() >= 4 && out.contains(v)) {
        out = out.replace(v, s.masked());
      }
    }
    out = redactUrl(out);
    return AUTH_HEADER_SIGNATURE.matcher(out).replaceAll("$1REDACTED");
  }
}
