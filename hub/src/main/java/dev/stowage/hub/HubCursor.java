package dev.stowage.hub;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ConnectionIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a hub listing or search: the connection to resume in and that connection's
 * own store cursor (empty to start it from its first key). Tagged with its kind, so a search cursor
 * cannot list; anything that does not decode is {@code INVALID_ARGUMENT}, and the store cursor
 * inside is checked by the store as any cursor is.
 */
final class HubCursor {

  static final String LIST = "hl1";
  static final String SEARCH = "hs1";

  /** Where to resume: a connection and its store cursor (null: from its start). */
  record Position(String connectionId, String storeCursor) {}

  private HubCursor() {}

  static String encode(String kind, String connectionId, String storeCursor) {
    String text = kind + ":" + connectionId + ":" + (storeCursor == null ? "" : storeCursor);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Position decode(String cursor, String kind) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!text.startsWith(kind + ":")) {
      throw invalid();
    }
    String rest = text.substring(kind.length() + 1);
    int colon = rest.indexOf(':');
    if (colon < 0) {
      throw invalid();
    }
    String connectionId = rest.substring(0, colon);
    String storeCursor = rest.substring(colon + 1);
    if (!ConnectionIds.isValid(connectionId)) {
      throw invalid();
    }
    return new Position(connectionId, storeCursor.isEmpty() ? null : storeCursor);
  }

  static StorageException invalid() {
    return StorageException.of(
        Code.INVALID_ARGUMENT,
        "Invalid cursor: pass back the cursor of a page from the same kind of hub request");
  }
}
