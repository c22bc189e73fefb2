package dev.stowage.local;

import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.spi.UploadChecks;
import dev.stowage.spi.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload, start to finish: the bytes go into a temporary file beside the target (a file by the
 * kernel's copy, a stream through a buffer; hashed, forced to disk), the sidecar is written the
 * same way, and both are renamed into place under the key's lock, sidecar first. Any failure, the
 * source's included, removes every temporary file, so readers see the old object or the new one and
 * nothing else is left.
 */
final class Uploader {

  private static final Logger log = LoggerFactory.getLogger(Uploader.class);
  private static final int CREATE_DIRECTORY_ATTEMPTS = 5;

  private final KeyPaths paths;
  private final AtomicFiles files;
  private final KeyLocks locks;
  private final CaseCollisions cases;

  Uploader(KeyPaths paths, AtomicFiles files, KeyLocks locks, CaseCollisions cases) {
    this.paths = paths;
    this.files = files;
    this.locks = locks;
    this.cases = cases;
  }

  /** Stores the upload at its key; see the class comment for the guarantees. */
  ObjectInfo upload(UploadRequest request, UploadSource source) {
    String key = request.key();
    Path target = paths.fileToWrite(key);
    String contentType = request.contentType().orElseGet(() -> ContentTypes.guess(key));
    String disposition = request.contentDisposition().orElse(null);
    // The signed-URL handler calls the driver directly; header values must not break lines.
    UploadChecks.checkHeaderValue(contentType);
    if (disposition != null) {
      UploadChecks.checkHeaderValue(disposition);
    }
    Path tmp = null;
    Path sidecarTmp = null;
    try {
      // Before anything is created: a twin's folder must not gain a temporary file or a folder.
      cases.refuseTwin(key);
      tmp = newTempBeside(target);
      ContentWriter.Written written = copy(source, tmp);
      if (source.length() >= 0 && written.size() != source.length()) {
        throw StorageException.of(
            Code.INVALID_ARGUMENT,
            "The upload gave "
                + written.size()
                + " bytes but declared "
                + source.length()
                + "; nothing was stored");
      }
      String etag = "\"" + written.md5Hex() + "\"";
      Sidecar sidecar =
          new Sidecar(key, written.size(), etag, contentType, disposition, request.metadata());
      Path sidecarPath = paths.sidecar(key);
      files.createDirectories(sidecarPath.getParent());
      sidecarTmp = files.writeTemp(sidecarPath.getParent(), sidecar.toBytes());

      KeyLocks.Held held = locks.lock(key);
      try {
        // Again under the lock, which twins share: one racing to create the twin has finished.
        cases.refuseTwin(key);
        if (request.createOnly() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw alreadyExists();
        }
        // Checked again right before the rename: a link swapped in meanwhile is refused.
        paths.checkContained(target);
        // The sidecar goes first, so new bytes are never served with old metadata (in the short
        // gap a reader sees the old bytes, and ignores a sidecar whose size does not match);
        // if the data rename then fails, the previous sidecar is put back.
        byte[] previous = readIfExists(sidecarPath);
        files.replace(sidecarTmp, sidecarPath);
        sidecarTmp = null;
        try {
          if (request.createOnly()) {
            try {
              files.createNew(tmp, target);
            } catch (FileAlreadyExistsException e) {
              throw alreadyExists(); // another writer got there first
            }
          } else {
            files.replace(tmp, target);
          }
          tmp = null;
        } catch (IOException | RuntimeException e) {
          restoreSidecar(key, sidecarPath, previous);
          throw e;
        }
      } finally {
        held.close();
      }
      Instant lastModified =
          LocalStorageDriver.lastModified(Files.readAttributes(target, BasicFileAttributes.class));
      return ObjectInfo.builder(key)
          .size(written.size())
          .lastModified(lastModified)
          .contentType(contentType)
          .etag(etag)
          .metadata(request.metadata())
          .contentDisposition(disposition)
          .build();
    } catch (ContentWriter.SourceFailedException e) {
      throw StorageException.builder(
              Code.UNAVAILABLE, "The upload was not stored: " + e.getMessage())
          .cause(e)
          .build();
    } catch (IOException e) {
      throw IoErrors.mapWrite(e, key);
    } finally {
      AtomicFiles.deleteQuietly(tmp);
      AtomicFiles.deleteQuietly(sidecarTmp);
    }
  }

  /**
   * A new temporary file in the target's folder, creating the folder (0700) if needed. Retried
   * because a concurrent delete may remove the folder, empty, between creating it and using it.
   */
  private Path newTempBeside(Path target) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return files.createTemp(prepareDirectory(target));
      } catch (NoSuchFileException e) {
        if (attempt == CREATE_DIRECTORY_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Path prepareDirectory(Path target) throws IOException {
    paths.checkContained(target);
    Path dir = target.getParent();
    try {
      files.createDirectories(dir);
    } catch (FileSystemException e) {
      // EEXIST or ENOTDIR, depending on how deep the file sits.
      if (fileInTheWay(dir)) {
        throw StorageException.of(
            Code.INVALID_KEY,
            "Invalid key: a file already has the name of one of its folders; on local disk a"
                + " name cannot be both a file and a folder");
      }
      if (e instanceof FileAlreadyExistsException || e instanceof NoSuchFileException) {
        // No file in the way, so a folder on the way came or went while it was being created
        // (a delete removing it, another upload making it again): the caller retries.
        NoSuchFileException retry = new NoSuchFileException(dir.toString());
        retry.initCause(e);
        throw retry;
      }
      throw e;
    }
    // Again after creating: the folders now exist, so their real path is known.
    paths.checkContained(dir);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw StorageException.of(
          Code.INVALID_KEY,
          "Invalid key: a folder has that name (other keys start with it and '/'); on local disk"
              + " a name cannot be both a file and a folder");
    }
    return dir;
  }

  /**
   * Whether the nearest existing ancestor of {@code dir} (or itself) is not a folder. One read per
   * level, following links (a link to a folder is a folder); a level that vanishes meanwhile is
   * skipped, so a concurrent delete is not mistaken for a file.
   */
  private static boolean fileInTheWay(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      try {
        return !Files.readAttributes(p, BasicFileAttributes.class).isDirectory();
      } catch (IOException e) {
        // Missing, or below a file (ENOTDIR): look one level up.
      }
    }
    return false;
  }

  private static ContentWriter.Written copy(UploadSource source, Path tmp) throws IOException {
    Optional<Path> file = source.file();
    // Only a regular file has positions to copy from; a pipe or device streams as before.
    if (file.isPresent() && Files.isRegularFile(file.get())) {
      return ContentWriter.copyFile(file.get(), tmp, source::open);
    }
    InputStream in;
    try {
      in = source.open();
    } catch (UncheckedIOException e) {
      throw new ContentWriter.SourceFailedException(0, e.getCause());
    }
    try {
      return ContentWriter.write(in, tmp);
    } finally {
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        // Everything needed was read (or the upload failed anyway).
      }
    }
  }

  private void restoreSidecar(String key, Path sidecarPath, byte[] previous) {
    try {
      if (previous == null) {
        Files.deleteIfExists(sidecarPath);
      } else {
        files.writeAtomically(sidecarPath, previous);
      }
    } catch (IOException | RuntimeException e) {
      // The size recorded in it no longer matches the file, so readers ignore it.
      log.warn(
          "Could not restore the metadata of '{}' after a failed write: {}", key, e.getClass());
    }
  }

  private static byte[] readIfExists(Path path) throws IOException {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static StorageException alreadyExists() {
    return StorageException.of(
        Code.ALREADY_EXISTS, "The object already exists and the upload was create-only");
  }
}
