package dev.stowage.local;

import dev.stowage.HardeningReport.Row;
import dev.stowage.HardeningReport.Status;
import dev.stowage.HardeningSetting;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The local disk's one hardening setting: every directory under the root 0700 and every file 0600,
 * so no other account on the machine can read or change the stored files. Walks the tree streaming
 * (one directory open at a time per level) and never follows symbolic links: changing a link's mode
 * would change its target, which may lie outside the root.
 */
final class OwnerOnlyPermissions {

  private static final HardeningSetting SETTING = HardeningSetting.OWNER_ONLY_PERMISSIONS;

  private final KeyPaths paths;

  OwnerOnlyPermissions(KeyPaths paths) {
    this.paths = paths;
  }

  /** A dry run reads; otherwise sets what differs and reads again to confirm. */
  Row apply(boolean dryRun) {
    try {
      // The real path: a walk does not enter a start path that is a symbolic link.
      Path root = paths.rootReal();
      Tally before = walk(root, false);
      if (before.open() == 0) {
        return new Row(
            SETTING,
            Status.ALREADY_SET,
            "All " + before.dirs + " folders are 0700 and all " + before.files + " files 0600");
      }
      if (dryRun) {
        return new Row(
            SETTING,
            Status.NOT_SET,
            before.openDirs
                + " folders and "
                + before.openFiles
                + " files can be used by other accounts; applying sets folders to 0700 and"
                + " files to 0600");
      }
      walk(root, true);
      Tally after = walk(root, false);
      if (after.open() != 0) {
        return new Row(
            SETTING,
            Status.FAILED,
            "Set the permissions, but "
                + after.open()
                + " entries are still open to other accounts (are they owned by another user?)");
      }
      return new Row(
          SETTING,
          Status.APPLIED,
          "Set "
              + before.openDirs
              + " folders to 0700 and "
              + before.openFiles
              + " files to 0600; checked again");
    } catch (IOException | RuntimeException e) {
      return new Row(SETTING, Status.FAILED, "Could not set permissions: " + e.getMessage());
    }
  }

  /** Counts (and with {@code fix}, corrects) entries whose permissions are not owner-only. */
  private static Tally walk(Path root, boolean fix) throws IOException {
    Tally tally = new Tally();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            tally.dirs++;
            if (check(dir, AtomicFiles.OWNER_DIR, fix)) {
              tally.openDirs++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              tally.files++;
              if (check(file, AtomicFiles.OWNER_FILE, fix)) {
                tally.openFiles++;
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return tally;
  }

  /** Whether {@code path} differs from {@code wanted}; sets it when {@code fix}. */
  private static boolean check(Path path, Set<PosixFilePermission> wanted, boolean fix)
      throws IOException {
    Set<PosixFilePermission> current =
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (current.equals(wanted)) {
      return false;
    }
    if (fix) {
      Files.setPosixFilePermissions(path, wanted);
    }
    return true;
  }

  private static final class Tally {
    long dirs;
    long files;
    long openDirs;
    long openFiles;

    long open() {
      return openDirs + openFiles;
    }
  }
}
