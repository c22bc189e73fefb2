package dev.stowage.hub.seal;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the text form of a key ring, shared by the environment variable and the key file: entries
 * {@code id:base64key} separated by commas or line breaks, the FIRST one newest; blank entries and
 * lines starting with {@code #} are skipped. Errors name the source and the entry's position or id,
 * never the key text (nor an entry that does not parse, which may be a bare key).
 */
final class KeyText {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyText() {}

  static List<MasterKey> parse(String text, String source) {
    List<MasterKey> keys = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int position = 0;
    for (String line : text.split("\\R")) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      for (String raw : line.split(",")) {
        String entry = raw.strip();
        if (entry.isEmpty()) {
          continue;
        }
        position++;
        MasterKey key = entry(entry, position, source);
        if (!ids.add(key.id())) {
          throw invalid("Master key id '" + key.id() + "' appears twice in " + source);
        }
        keys.add(key);
      }
    }
    if (keys.isEmpty()) {
      throw invalid(source + " holds no master key; " + HOW_TO_GENERATE);
    }
    return keys;
  }

  private static MasterKey entry(String entry, int position, String source) {
    int colon = entry.indexOf(':');
    if (colon < 0) {
      throw invalid("Entry " + position + " of " + source + " is not of the form id:base64key");
    }
    String id = entry.substring(0, colon).strip();
    if (!MasterKey.ID.matcher(id).matches()) {
      throw invalid("The key id of entry " + position + " of " + source + " " + MasterKey.ID_RULE);
    }
    byte[] bytes = decode(entry.substring(colon + 1).strip(), id, source);
    try {
      if (bytes.length != MasterKey.KEY_BYTES) {
        throw invalid(
            "Master key '"
                + id
                + "' in "
                + source
                + " is "
                + bytes.length
                + " bytes; a master key is exactly "
                + MasterKey.KEY_BYTES
                + " random bytes (AES-256); "
                + HOW_TO_GENERATE);
      }
      return MasterKey.of(id, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Standard or URL-safe base64, padded or not. */
  private static byte[] decode(String text, String id, String source) {
    Base64.Decoder decoder =
        text.indexOf('-') >= 0 || text.indexOf('_') >= 0
            ? Base64.getUrlDecoder()
            : Base64.getDecoder();
    try {
      return decoder.decode(text);
    } catch (IllegalArgumentException e) {
      // The JDK's message quotes the offending character: not passed on, nor the cause.
      throw invalid("Master key '" + id + "' in " + source + " is not valid base64");
    }
  }

  static byte[] randomKeyBytes() {
    byte[] bytes = new byte[MasterKey.KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** A fresh {@code id:base64key} entry. */
  static String newEntry(String id) {
    MasterKey.of(id, new byte[MasterKey.KEY_BYTES]); // checks the id's shape
    byte[] bytes = randomKeyBytes();
    try {
      return id + ":" + Base64.getEncoder().encodeToString(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  static final String HOW_TO_GENERATE =
      "generate one with MasterKeys.generateKeyLine(\"<id>\") or `openssl rand -base64 32`";

  static StorageException invalid(String message) {
    return StorageException.of(Code.CONFIG_INVALID, message);
  }
}
