package dev.stowage.hub.seal;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.FileOwner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a key file, refusing one that anybody but its owner could read or change (as ssh refuses a
 * private key that is "too open"), one owned by another user, and one on a file system without
 * POSIX permissions, where that cannot be checked. A symbolic link is followed and its target
 * checked. Messages name the path as the host configured it, never the file's content.
 */
final class KeyFile {

  /** A key ring is a few lines; a larger file is not one (and is not read into memory). */
  static final int MAX_BYTES = 64 * 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private KeyFile() {}

  static List<MasterKey> read(Path path) {
    return read(path, () -> {});
  }

  /** {@code afterRead} runs between reading and the second check: the tests' swap. */
  static List<MasterKey> read(Path path, Runnable afterRead) {
    String source = "master key file " + path;
    PosixFileAttributes attributes = checkedAttributes(path, source);
    if (!attributes.isRegularFile()) {
      throw KeyText.invalid("The " + source + " is not a regular file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw KeyText.invalid("The " + source + " is larger than a key ring can be");
    }
    byte[] bytes = readBounded(path, source);
    afterRead.run();
    // Checked by path, then read by path: a file swapped in between (by someone who can write the
    // folder) has another identity, permissions or owner afterwards.
    PosixFileAttributes after = checkedAttributes(path, source);
    if (!java.util.Objects.equals(after.fileKey(), attributes.fileKey())
        || after.lastModifiedTime().compareTo(attributes.lastModifiedTime()) != 0) {
      Arrays.fill(bytes, (byte) 0);
      throw KeyText.invalid("The " + source + " changed while it was being read; try again");
    }
    try {
      return KeyText.parse(utf8(bytes, source), source);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static PosixFileAttributes checkedAttributes(Path path, String source) {
    if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
      throw KeyText.invalid(
          "The "
              + source
              + " is on a file system without POSIX permissions, so Stowage cannot check that"
              + " only you can read it; keep it on a POSIX file system (chmod 600) or give the"
              + " keys in the "
              + MasterKeys.ENV_KEYS
              + " environment variable");
    }
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, PosixFileAttributes.class); // follows links
    } catch (NoSuchFileException e) {
      throw KeyText.invalid("The " + source + " does not exist");
    } catch (IOException | UnsupportedOperationException e) {
      throw KeyText.invalid("The " + source + " cannot be read (" + e.getClass().getName() + ")");
    }
    Set<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
    others.addAll(attributes.permissions());
    others.removeAll(OWNER_ONLY);
    if (!others.isEmpty()) {
      throw KeyText.invalid(
          "The "
              + source
              + (Files.isSymbolicLink(path) ? " (a link; its target)" : "")
              + " has permissions "
              + PosixFilePermissions.toString(attributes.permissions())
              + ": other users can read or change it. Make it readable by its owner only:"
              + " chmod 600");
    }
    FileOwner.currentUser(path)
        .filter(user -> !user.equals(attributes.owner()))
        .ifPresent(
            user -> {
              throw KeyText.invalid(
                  "The "
                      + source
                      + " is owned by "
                      + attributes.owner().getName()
                      + ", not by "
                      + user.getName()
                      + " who runs this program; a key file belongs to the user that reads it");
            });
    return attributes;
  }

  private static byte[] readBounded(Path path, String source) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        Arrays.fill(bytes, (byte) 0);
        throw KeyText.invalid("The " + source + " is larger than a key ring can be");
      }
      return bytes;
    } catch (IOException e) {
      throw StorageException.builder(
              Code.CONFIG_INVALID,
              "The " + source + " cannot be read (" + e.getClass().getName() + ")")
          .build();
    }
  }

  private static String utf8(byte[] bytes, String source) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw KeyText.invalid("The " + source + " is not UTF-8 text");
    }
  }
}
