package dev.stowage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns "resume after this key" into the opaque cursor users pass back, and back again. The kind
 * tag stops a search cursor being used to list (and the reverse); a cursor that does not decode to
 * a key fails with {@code INVALID_ARGUMENT} rather than restarting silently. Any key a listing can
 * return is a valid cursor, those written by other tools included ({@link Keys#isValidExisting}): a
 * folder marker {@code photos/} that ends a page must not stop the next one.
 */
final class Cursors {

  public static final String LIST = "l1";
  public static final String SEARCH = "s1";

  private Cursors() {}

  public static String encode(String resumeAfter, String kind) {
    if (resumeAfter == null) {
      return null;
    }
    byte[] raw = (kind + ":" + resumeAfter).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** The key to resume after, or null for a null cursor (the first page). */
  public static String decode(String cursor, String kind, String prefix) {
    if (cursor == null) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!text.startsWith(kind + ":")) {
      throw invalid();
    }
    String key = text.substring(kind.length() + 1);
    if (!Keys.isValidExisting(key) || !key.startsWith(prefix)) {
      throw invalid();
    }
    return key;
  }

  private static StorageException invalid() {
    return StorageException.of(
        StorageException.Code.INVALID_ARGUMENT,
        "Invalid cursor: pass back the cursor of a page from the same kind of request and prefix");
  }
}
