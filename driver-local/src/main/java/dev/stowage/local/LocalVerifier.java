package dev.stowage.local;

import dev.stowage.ConnectionReport.Check;
import dev.stowage.Feature;
import dev.stowage.VerifyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The "Check again" probes for a local root: it is a folder, it can be written, read and cleaned
 * up, the disk has room, and signed URLs have somewhere to be served. Every failure becomes a
 * failed check with a hint; nothing here throws.
 */
final class LocalVerifier {

  private static final String NOT_USED_FOR = "Not checked: this connection is not used for ";

  /** Below this much usable space the free-space check fails. */
  static final long MIN_FREE_BYTES = 100L * 1024 * 1024;

  private final KeyPaths paths;
  private final AtomicFiles files;
  private final CaseCollisions cases;

  LocalVerifier(KeyPaths paths, AtomicFiles files, CaseCollisions cases) {
    this.paths = paths;
    this.files = files;
    this.cases = cases;
  }

  /**
   * The checks for what the connection is used for: the write, read and delete probe and the free
   * space only when it writes; a read-only or list-only connection is checked for reading the root
   * instead; signed URLs when it reads, writes or deletes (links exist for those).
   */
  List<Check> run(VerifyRequest request, Optional<String> signedUrlBase) {
    List<Check> checks = new ArrayList<>();
    checks.add(rootIsFolder());
    if (request.checks(Feature.WRITE)) {
      checks.add(writeReadDelete());
      checks.add(freeSpace());
    } else {
      checks.add(Check.notNeeded("Write, read and delete", NOT_USED_FOR + "uploads"));
      if (request.checks(Feature.READ) || request.checks(Feature.LIST)) {
        checks.add(readRoot());
      }
      if (request.checks(Feature.DELETE)) {
        checks.add(deleteAllowed());
      }
    }
    checks.add(fileNameEncoding());
    checks.add(letterCase());
    if (!request.checks(Feature.READ)
        && !request.checks(Feature.WRITE)
        && !request.checks(Feature.DELETE)) {
      checks.add(Check.notNeeded("Signed URLs", NOT_USED_FOR + "signed links"));
      return checks;
    }
    checks.add(
        signedUrlBase
            .map(base -> Check.pass("Signed URLs", "Served at " + base))
            .orElseGet(
                () ->
                    Check.fail(
                        "Signed URLs",
                        "No base URL is configured, so download and upload links cannot be made",
                        "set publicBaseUrl or listen")));
    return checks;
  }

  /** Never fails: says which key rule the root's file system brings, as found at open. */
  private Check letterCase() {
    return Check.pass(
        "Letter case in names",
        cases.ignoresCase()
            ? "This disk ignores case, as macOS and Windows disks usually do: a key that differs"
                + " only in case from an existing one (A.txt, a.txt) is refused"
            : "This disk tells upper from lower case: A.txt and a.txt are two objects");
  }

  private Check rootIsFolder() {
    Path root = paths.root();
    if (Files.isDirectory(root)) {
      return Check.pass("Root folder", root.toString());
    }
    if (Files.exists(root)) {
      return Check.fail(
          "Root folder",
          root + " exists but is not a folder",
          "point 'root' at a folder, or move the file out of the way");
    }
    return Check.fail(
        "Root folder",
        root + " does not exist and could not be created",
        "create the folder for the server's account, or fix 'root'");
  }

  /** Reading needs the root to be a folder this account may list and open. */
  private Check readRoot() {
    Path root = paths.root();
    try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      entries.iterator().hasNext();
      return Check.pass("Read", "The root folder can be listed and read");
    } catch (IOException | RuntimeException e) {
      return Check.fail(
          "Read",
          "Could not read the root folder: " + e.getClass().getSimpleName(),
          "give the server's account read permission on the root folder");
    }
  }

  /** Deleting a file needs write permission on its folder. */
  private Check deleteAllowed() {
    return Files.isWritable(paths.root())
        ? Check.pass("Delete", "The root folder allows deleting files")
        : Check.fail(
            "Delete",
            "The root folder is read-only to this account",
            "give the server's account write permission on the root folder");
  }

  /** Writes, reads back and deletes a probe file in the driver's own folder. */
  private Check writeReadDelete() {
    Path probe = null;
    try {
      Path dir = paths.reservedDir();
      files.createDirectories(dir);
      byte[] expected = ("stowage probe " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
      probe = files.writeTemp(dir, expected);
      byte[] read = Files.readAllBytes(probe);
      if (!Arrays.equals(expected, read)) {
        return Check.fail(
            "Write, read and delete",
            "A probe file read back different bytes",
            "check the disk for errors");
      }
      Files.delete(probe);
      probe = null;
      return Check.pass("Write, read and delete", "A probe file in .stowage/ round-tripped");
    } catch (IOException | RuntimeException e) {
      return Check.fail(
          "Write, read and delete",
          "Could not write a probe file under " + paths.root() + ": " + e,
          "give the server's account write permission on the root folder");
    } finally {
      AtomicFiles.deleteQuietly(probe);
    }
  }

  private Check freeSpace() {
    try {
      Path existing = paths.root();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return Check.fail("Free space", "No part of the root path exists", "fix 'root'");
      }
      FileStore store = Files.getFileStore(existing);
      long usable = store.getUsableSpace();
      String detail = mib(usable) + " usable on " + store;
      if (usable < MIN_FREE_BYTES) {
        return Check.fail(
            "Free space",
            detail,
            "free some space, or move 'root' to a larger disk (uploads fail when it is full)");
      }
      return Check.pass("Free space", detail);
    } catch (IOException | RuntimeException e) {
      return Check.fail("Free space", "Could not read the free space: " + e, "check the disk");
    }
  }

  /** Non-ASCII keys need the JVM to encode file names as UTF-8 (set by the locale). */
  private static Check fileNameEncoding() {
    if (java.io.File.separatorChar == '\\') {
      return Check.pass("File name encoding", "Windows file names are Unicode");
    }
    String encoding = System.getProperty("sun.jnu.encoding", "unknown");
    if (encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8")) {
      return Check.pass("File name encoding", "UTF-8");
    }
    return Check.fail(
        "File name encoding",
        "The JVM encodes file names as " + encoding + ", so keys with non-ASCII characters fail",
        "start the JVM with a UTF-8 locale, e.g. LANG=C.UTF-8");
  }

  private static String mib(long bytes) {
    return bytes / (1024 * 1024) + " MiB";
  }
}
