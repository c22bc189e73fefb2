package dev.stowage.local;

import dev.stowage.Keys;
import java.net.URLConnection;

/** The content type of a key stored without one: guessed from its file name, as S3 tools do. */
final class ContentTypes {

  static final String DEFAULT = "application/octet-stream";

  private ContentTypes() {}

  static String guess(String key) {
    try {
      String guessed = URLConnection.guessContentTypeFromName(Keys.filename(key));
      return guessed == null ? DEFAULT : guessed;
    } catch (RuntimeException e) {
      return DEFAULT; // the JDK's table chokes on some odd names; they get the default
    }
  }
}
