package dev.stowage;

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
