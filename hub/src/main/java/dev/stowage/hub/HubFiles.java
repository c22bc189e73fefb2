package dev.stowage.hub;

import dev.stowage.ByteRange;
import dev.stowage.HttpMethod;
import dev.stowage.Keys;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.FileRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a hub does with files: uploads to a connection (recorded in the file index), and reads,
 * links and deletes routed by a reference to the connection and location that hold the file,
 * following the index's {@code movedTo} redirects.
 */
final class HubFiles {

  private static final Logger log = LoggerFactory.getLogger(HubFiles.class);
  private static final int MAX_REDIRECTS = 8;

  /** The content type of a file whose provider and upload named none. */
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final Connections connections;
  private final Clock clock;

  HubFiles(Connections connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  // ---- upload ----------------------------------------------------------------------------------

  /** The connection new uploads go to, if it takes them. */
  String target() {
    String id =
        connections
            .uploadTarget()
            .orElseThrow(
                () ->
                    StorageException.of(
                        Code.PRECONDITION_FAILED,
                        "No upload target is chosen: call switchUploadTarget(connectionId)"));
    return id;
  }

  /**
   * Uploads through the store of the connection's current location and records the file. {@code
   * upload} runs the store's upload; {@code source} is closed if the upload is refused first.
   */
  StoredFile upload(
      String connectionId,
      UploadRequest request,
      Function<Store, ObjectInfo> upload,
      AutoCloseable source) {
    return upload(connectionId, request, upload, source, Optional.empty());
  }

  /**
   * An upload that copies the file at {@code copyOf} (a migration): it may take over a reference
   * whose redirect leads to {@code copyOf}, as when a file moves back where it came from; the old
   * reference then names the same file, in its first place again.
   */
  StoredFile upload(
      String connectionId,
      UploadRequest request,
      Function<Store, ObjectInfo> upload,
      AutoCloseable source,
      Optional<FileRef> copyOf) {
    Lease lease;
    try {
      lease = uploadLease(connectionId, request.key());
      try {
        refuseRedirected(FileRef.of(connectionId, request.key(), lease.location()), copyOf);
      } catch (RuntimeException e) {
        lease.close();
        throw e;
      }
    } catch (RuntimeException e) {
      closeQuietly(source, e);
      throw e;
    }
    try (lease) {
      ObjectInfo info = upload.apply(lease.store());
      StoredFile stored =
          record(
              FileRef.of(connectionId, request.key(), lease.location()),
              info,
              request.contentType(),
              lease);
      log.debug("Uploaded {} to connection '{}'", stored.ref(), connectionId);
      return stored;
    }
  }

  /**
   * A lease on the store where new files of the connection go; refused ({@code
   * PRECONDITION_FAILED}) when the connection is disabled.
   */
  Lease uploadLease(String connectionId, String key) {
    ConnectionRecord record = connections.existing(connectionId);
    if (!record.enabled()) {
      throw StorageException.builder(
              Code.PRECONDITION_FAILED,
              "Connection '"
                  + connectionId
                  + "' is disabled: it takes no new uploads (its files are still served)."
                  + " Enable it, or switch the upload target to an enabled connection")
          .key(key)
          .build();
    }
    return connections.lease(record, Connections.CURRENT);
  }

  /**
   * Refuses ({@code PRECONDITION_FAILED}) to put a new file at {@code ref} while the index holds it
   * as a redirect: the file once there was moved, and holders of {@code ref} are sent to its new
   * place; a new file under the same reference would silently take their reference over.
   */
  void refuseRedirected(FileRef ref) {
    refuseRedirected(ref, Optional.empty());
  }

  private void refuseRedirected(FileRef ref, Optional<FileRef> copyOf) {
    Optional<FileRecord> known =
        connections.store().file(ref.connectionId(), ref.location(), ref.key());
    if (known.isPresent()
        && known.get().movedTo().isPresent()
        && !copyOf.map(FileRef::toString).equals(known.get().movedTo())) {
      throw StorageException.builder(
              Code.PRECONDITION_FAILED,
              "The file once at "
                  + ref
                  + " was moved to "
                  + known.get().movedTo().get()
                  + " and that old reference still leads there: upload under another key, or"
                  + " delete the moved file through the old reference first")
          .key(Keys.printable(ref.key()))
          .build();
    }
  }

  /** Records a file now stored at {@code ref} in the index, and describes it. */
  StoredFile record(FileRef ref, ObjectInfo info, Optional<String> requestedType, Lease lease) {
    String contentType = info.contentType().or(() -> requestedType).orElse(DEFAULT_CONTENT_TYPE);
    connections
        .store()
        .putFile(
            new FileRecord(
                ref.connectionId(),
                ref.key(),
                ref.location(),
                info.size(),
                contentType,
                info.etag(),
                clock.instant(),
                Optional.empty()));
    return new StoredFile(
        ref,
        ref.connectionId(),
        info.size(),
        contentType,
        info.etag(),
        lease.store().descriptor().badge());
  }

  private static void closeQuietly(AutoCloseable source, RuntimeException failure) {
    if (source == null) {
      return;
    }
    try {
      source.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  // ---- by reference ----------------------------------------------------------------------------

  /** Where {@code ref} lives now: itself, or where the index says it moved. */
  FileRef route(FileRef ref) {
    FileRef at = ref;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      // The record of the reference's own location: the same key at another location of the
      // connection is another file, with its own record.
      Optional<FileRecord> known =
          connections.store().file(at.connectionId(), at.location(), at.key());
      if (known.isEmpty() || known.get().movedTo().isEmpty()) {
        if (at != ref) {
          log.debug("Reference {} moved to {}", ref, at);
        }
        return at;
      }
      at = FileRef.parse(known.get().movedTo().get());
    }
    throw StorageException.of(
        Code.UNEXPECTED,
        "Reference " + ref + " is redirected more than " + MAX_REDIRECTS + " times");
  }

  /** A lease on the store holding {@code at} (already routed). */
  Lease lease(FileRef at) {
    ConnectionRecord record = connections.existing(at.connectionId());
    log.debug("Routing {} to connection '{}' location {}", at, at.connectionId(), at.location());
    return connections.lease(record, at.location());
  }

  ObjectInfo stat(FileRef ref) {
    FileRef at = route(ref);
    try (Lease lease = lease(at)) {
      return lease.store().stat(at.key());
    }
  }

  ObjectContent download(FileRef ref, ByteRange range) {
    FileRef at = route(ref);
    Lease lease = lease(at);
    try {
      ObjectContent content =
          range == null
              ? lease.store().download(at.key())
              : lease.store().download(at.key(), range);
      return new ObjectContent(
          content.info(),
          new LeasedInputStream(content.stream(), lease),
          content.rangeStart(),
          content.length());
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  PresignedRequest presign(FileRef ref, PresignRequest request) {
    if (!request.key().equals(ref.key())) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT, "The presign request names another key than the reference");
    }
    if (request.method() == HttpMethod.PUT) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "A reference names a file that exists: presign GET, HEAD or DELETE for it; a link for a"
              + " new file comes from presignUpload, so the hub can record it");
    }
    FileRef at = route(ref);
    try (Lease lease = lease(at)) {
      return lease.store().presign(rekey(request, at.key()));
    }
  }

  private static PresignRequest rekey(PresignRequest request, String key) {
    if (request.key().equals(key)) {
      return request;
    }
    PresignRequest.Builder b = PresignRequest.builder(request.method(), key, request.ttl());
    request.responseContentType().ifPresent(b::responseContentType);
    request.contentType().ifPresent(b::contentType);
    request
        .downloadFilename()
        .ifPresent(
            name -> {
              boolean inline = request.responseContentDisposition().orElse("").startsWith("inline");
              if (inline) {
                b.inlineFilename(name);
              } else {
                b.downloadFilename(name);
              }
            });
    return b.build();
  }

  void delete(FileRef ref) {
    FileRef at = route(ref);
    try (Lease lease = lease(at)) {
      lease.store().delete(at.key());
    }
    forget(at);
    if (!at.equals(ref)) {
      forget(ref);
    }
  }

  private void forget(FileRef ref) {
    connections.store().deleteFile(ref.connectionId(), ref.location(), ref.key());
  }

  /** The hub's clock, for the records migration and adoption write. */
  Clock clock() {
    return clock;
  }
}
