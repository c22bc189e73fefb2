package dev.stowage.hub.config;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * The user running this JVM as a file system names it: the hub refuses a configuration file or a
 * master key file that belongs to anybody else, since its owner could change keys or endpoints.
 */
public final class FileOwner {

  private FileOwner() {}

  /** The user running this JVM, where the file system of {@code path} can tell. */
  public static Optional<UserPrincipal> currentUser(Path path) {
    String name = System.getProperty("user.name");
    if (name == null || name.isBlank() || name.equals("?")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
