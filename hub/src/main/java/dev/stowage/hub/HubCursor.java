package dev.stowage.hub;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ConnectionIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a hub listing or search: the connection to resume in, the location number
 * its store cursor belongs to, and that store cursor (empty, with location 0, to start the
 * connection from its first key). A store cursor is a key of one bucket: resumed at another
 * location it would skip or repeat keys, so the listing refuses it there. Tagged with its kind, so
 * a search cursor cannot list; anything that does not decode is {@code INVALID_ARGUMENT}, and the
 * store cursor inside is checked by the store as any cursor is.
 */
final class HubCursor {

  static final String LIST = "hl2";
  static final String SEARCH = "hs2";

  /**
   * Where to resume: a connection, and the store cursor (null: from its start) of its location
   * {@code location} (0 when there is no store cursor).
   */
  record Position(String connectionId, int location, String storeCursor) {}

  private HubCursor() {}

  /** A cursor resuming {@code connectionId} from its start. */
  static String encode(String kind, String connectionId) {
    return encode(kind, connectionId, 0, null);
  }

  /**
   * A cursor resuming {@code connectionId} at {@code storeCursor} of its location {@code location}.
   */
  static String encode(String kind, String connectionId, int location, String storeCursor) {
    String text =
        kind
            + ":"
            + connectionId
            + ":"
            + (storeCursor == null ? 0 : location)
            + ":"
            + (storeCursor == null ? "" : storeCursor);
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
    int second = rest.indexOf(':', colon + 1);
    if (second < 0) {
      throw invalid();
    }
    String number = rest.substring(colon + 1, second);
    String storeCursor = rest.substring(second + 1);
    if (!ConnectionIds.isValid(connectionId) || !number.matches("0|[1-9][0-9]{0,8}")) {
      throw invalid();
    }
    int location = Integer.parseInt(number);
    if ((location == 0) != storeCursor.isEmpty()) {
      throw invalid();
    }
    return new Position(connectionId, location, storeCursor.isEmpty() ? null : storeCursor);
  }

  /** The connection a cursor resumes in now puts its files at another location. */
  static StorageException pointedElsewhere(String connectionId) {
    return StorageException.of(
        Code.INVALID_ARGUMENT,
        "Invalid cursor: the connection '"
            + connectionId
            + "' was pointed elsewhere since this listing started; list again");
  }

  static StorageException invalid() {
    return StorageException.of(
        Code.INVALID_ARGUMENT,
        "Invalid cursor: pass back the cursor of a page from the same kind of hub request");
  }
}
