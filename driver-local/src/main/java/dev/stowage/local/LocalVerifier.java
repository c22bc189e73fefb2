package dev.stowage.local;

import dev.stowage.ConnectionReport.Check;
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

  List<Check> run(Optional<String> signedUrlBase) {
    List<Check> checks = new ArrayList<>();
    checks.add(rootIsFolder());
    checks.add(writeReadDelete());
    checks.add(freeSpace());
    checks.add(fileNameEncoding());
    checks.add(letterCase());
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
