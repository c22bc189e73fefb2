package dev.stowage.hub.config;

import dev.stowage.StorageException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configuration file (Java properties, UTF-8, the keys of the system properties). Every {@link
 * #current} call looks at the file's modification time, size and identity (one {@code stat}) and
 * reads it again only when one changed, so a key rotated in the file is picked up on the next
 * resolve without a restart, and an unchanged file costs no read. Attributes follow symbolic links,
 * so a file swapped by re-pointing a link (a Kubernetes secret volume) counts as changed.
 *
 * <p>Group and others must not be able to read a file that holds a secret: {@link PropertiesLayer}
 * reports it, and resolving a secret from such a file fails. Nobody but its owner may change it,
 * whatever it holds, and its owner must be the user running this JVM: whoever can write it decides
 * endpoints, keys and root folders. On a file system without POSIX permissions (Windows) these
 * checks are skipped; protect the file with its ACL there.
 */
final class ConfigFile {

  private static final Set<PosixFilePermission> OTHERS_READ =
      Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path path;
  private final boolean required;
  private final String where;
  private final AtomicInteger reads = new AtomicInteger();
  private final Object lock = new Object();
  private volatile Snapshot snapshot;

  /** What a file looked like when read; a different stamp means read it again. */
  private record Stamp(FileTime modified, long size, Object fileKey) {}

  private record Snapshot(Stamp stamp, Map<String, String> entries) {}

  ConfigFile(Path path, boolean required) {
    this.path = Objects.requireNonNull(path, "path");
    this.required = required;
    this.where = "configuration file " + path;
  }

  Path path() {
    return path;
  }

  /** How often the file's content was read: the test hook that shows an unchanged file is not. */
  int reads() {
    return reads.get();
  }

  /** The file as it is now, read again only if it changed since the last call. */
  PropertiesLayer current() {
    BasicFileAttributes attributes = attributes();
    if (attributes == null) {
      if (required) {
        throw StorageException.of(
            StorageException.Code.CONFIG_INVALID, "The " + where + " does not exist");
      }
      return PropertiesLayer.empty(SettingOrigin.CONFIG_FILE, where);
    }
    Stamp stamp = new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    Snapshot known = snapshot;
    if (known == null || !known.stamp().equals(stamp)) {
      synchronized (lock) {
        known = snapshot;
        if (known == null || !known.stamp().equals(stamp)) {
          known = new Snapshot(stamp, read());
          snapshot = known;
        }
      }
    }
    // Permissions are checked on every call: chmod and chown change no modification time.
    if (attributes instanceof PosixFileAttributes posix) {
      refuseIfOthersCanChange(posix);
    }
    boolean readableByOthers =
        attributes instanceof PosixFileAttributes posix
            && posix.permissions().stream().anyMatch(OTHERS_READ::contains);
    return new PropertiesLayer(SettingOrigin.CONFIG_FILE, where, known.entries(), readableByOthers);
  }

  private void refuseIfOthersCanChange(PosixFileAttributes posix) {
    if (posix.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "The "
              + where
              + " has permissions "
              + PosixFilePermissions.toString(posix.permissions())
              + ": other users can change it, and with it endpoints, keys and folders. chmod"
              + " go-w (chmod 600 when it holds secrets)");
    }
    FileOwner.currentUser(path)
        .filter(user -> !user.equals(posix.owner()))
        .ifPresent(
            user -> {
              throw StorageException.of(
                  StorageException.Code.CONFIG_INVALID,
                  "The "
                      + where
                      + " is owned by "
                      + posix.owner().getName()
                      + ", not by "
                      + user.getName()
                      + " who runs this program: whoever owns it decides endpoints, keys and"
                      + " folders");
            });
  }

  /**
   * POSIX attributes where the file system has them (for the permission check), else basic ones.
   */
  private BasicFileAttributes attributes() {
    try {
      try {
        return Files.readAttributes(path, PosixFileAttributes.class);
      } catch (UnsupportedOperationException e) {
        return Files.readAttributes(path, BasicFileAttributes.class);
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  private Map<String, String> read() {
    reads.incrementAndGet();
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      // Replaced between the stat and the read: treat as the empty or missing file it now is.
      if (required) {
        throw StorageException.of(
            StorageException.Code.CONFIG_INVALID, "The " + where + " does not exist");
      }
      return Map.of();
    } catch (IOException e) {
      throw unreadable(e);
    } catch (IllegalArgumentException e) {
      // The parser's message is safe (a malformed \\u escape), but the cause is left out anyway:
      // nothing of the file's content may reach a message.
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "The " + where + " is not in Java properties format (malformed \\u escape)");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    properties.stringPropertyNames().stream()
        .sorted()
        .forEach(k -> entries.put(k, properties.getProperty(k)));
    return Collections.unmodifiableMap(entries);
  }

  private StorageException unreadable(IOException e) {
    return StorageException.of(
        StorageException.Code.CONFIG_INVALID,
        "The " + where + " cannot be read (" + e.getClass().getSimpleName() + ")");
  }
}
