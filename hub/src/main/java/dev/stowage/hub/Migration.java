package dev.stowage.hub;

import dev.stowage.ListRequest;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.hub.MigrationJournal.Copied;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.FileRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link MigrationPlan}, object after object: read the source (stat for its type,
 * disposition and metadata, then a stream), upload the stream create-only to the target with its
 * known length while hashing it, read the copy back and compare size and SHA-256, record the
 * verified copy (with the source's and the copy's ETags) in the journal, and for a move check that
 * neither changed since, redirect the old reference ({@code movedTo}) and only then delete the
 * source. Nothing at the destination is overwritten, and nothing there is deleted unless this run
 * wrote it. A failed object is recorded and the next one goes, unless the plan says to stop.
 *
 * <p>With {@link MigrationPlan#parallelism()} above 1, objects are copied on that many worker
 * threads while the calling thread lists; counters, failures and listener calls are guarded by this
 * object's lock, so the listener sees one event at a time.
 */
final class Migration {

  private static final Logger log = LoggerFactory.getLogger(Migration.class);

  /** One object's failure at one stage, in the hub's own words. */
  private static final class Failed extends RuntimeException {
    final MigrationStage stage;
    final Code code;

    Failed(MigrationStage stage, Code code, String message) {
      super(message, null, false, false);
      this.stage = stage;
      this.code = code;
    }
  }

  private final Connections connections;
  private final HubFiles files;
  private final MigrationPlan plan;
  private final MigrationListener listener;
  private final MigrationHooks hooks;

  private MigrationJournal journal;
  private final List<MigrationFailure> failures = new ArrayList<>();
  private long objectsDone;
  private long bytesDone;
  private long objectsFound;
  private long bytesFound;
  private long copied;
  private long skipped;
  private long failed;
  private boolean listingComplete;
  private boolean cancelled;
  private boolean stopped;
  private Throwable fatal; // a listener's or hook's exception on a worker, rethrown to the caller

  // With parallelism > 1: workers, and one permit per object in flight (bounds memory too).
  private ExecutorService workers;
  private Semaphore slots;

  Migration(
      Connections connections,
      HubFiles files,
      MigrationPlan plan,
      MigrationListener listener,
      MigrationHooks hooks) {
    this.connections = connections;
    this.files = files;
    this.plan = plan;
    this.listener = listener;
    this.hooks = hooks;
  }

  MigrationResult run() {
    connections.existing(plan.from());
    ConnectionRecord target = connections.existing(plan.to());
    if (!target.enabled()) {
      throw StorageException.of(
          Code.PRECONDITION_FAILED,
          "Connection '" + plan.to() + "' is disabled: it takes no new files; enable it first");
    }
    try (MigrationJournal j =
        plan.journal()
            .map(path -> MigrationJournal.open(path, plan))
            .orElseGet(MigrationJournal::inMemory)) {
      journal = j;
      for (Copied c : j.copied()) {
        objectsFound++;
        objectsDone++;
        skipped++;
        bytesFound += c.size();
        bytesDone += c.size();
      }
      log.info(
          "Migration from '{}' to '{}' ({}): {} objects verified in earlier runs",
          plan.from(),
          plan.to(),
          plan.mode(),
          skipped);
      report(Optional.empty());
      if (plan.mode() == MigrationMode.MOVE) {
        finishPendingDeletes();
      }
      startWorkers();
      try {
        if (plan.prefix().isPresent()) {
          migratePrefix(plan.prefix().get());
        } else {
          migrateRefs();
        }
      } finally {
        awaitWorkers();
      }
      rethrowFatal();
      report(Optional.empty());
      Map<FileRef, FileRef> refs = new LinkedHashMap<>();
      j.copied().forEach(c -> refs.put(c.from(), c.to()));
      log.info(
          "Migration from '{}' to '{}': {} copied, {} skipped, {} failed{}",
          plan.from(),
          plan.to(),
          copied,
          skipped,
          failed,
          cancelled ? ", cancelled" : "");
      return new MigrationResult(refs, copied, skipped, failed, failures, cancelled);
    }
  }

  // ---- what to migrate -------------------------------------------------------------------------

  /** A move whose copy was recorded but whose source was not yet deleted when the run stopped. */
  private void finishPendingDeletes() {
    for (Copied c : journal.copied()) {
      if (journal.deleted(c.from())) {
        continue;
      }
      if (shouldStop()) {
        return;
      }
      try {
        moveAway(c);
      } catch (StorageException e) {
        fail(c.from(), MigrationStage.DELETE_SOURCE, e.code(), "Deleting the source failed");
      } catch (Failed f) {
        fail(c.from(), f.stage, f.code, f.getMessage());
      }
    }
  }

  private void migratePrefix(String prefix) {
    int location = connections.existing(plan.from()).currentLocation().number();
    String cursor = null;
    do {
      if (shouldStop()) {
        return;
      }
      Page<ObjectInfo> page;
      try (Lease lease = connections.lease(connections.existing(plan.from()), location)) {
        page = lease.store().list(ListRequest.builder(prefix).cursor(cursor).build());
      }
      for (ObjectInfo info : page.items()) {
        if (!FileRef.canReference(info.key())) {
          // Written by another tool with a '..' segment or a leading '/': no reference names it.
          log.warn("Migration from '{}': a key no reference can name was left", plan.from());
          continue;
        }
        FileRef source = FileRef.of(plan.from(), info.key(), location);
        if (journal.isCopied(source)) {
          continue; // verified in an earlier run, already counted
        }
        if (shouldStop()) {
          return;
        }
        synchronized (this) {
          objectsFound++;
          bytesFound += info.size();
        }
        dispatch(source, true);
      }
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    synchronized (this) {
      listingComplete = true;
    }
  }

  private void migrateRefs() {
    List<FileRef> todo = plan.refs().stream().filter(r -> !journal.isCopied(r)).toList();
    synchronized (this) {
      objectsFound += todo.size();
      listingComplete = true;
    }
    for (FileRef ref : todo) {
      if (shouldStop()) {
        return;
      }
      FileRef at = files.route(ref);
      if (!at.connectionId().equals(plan.from())) {
        fail(
            ref,
            MigrationStage.READ_SOURCE,
            Code.PRECONDITION_FAILED,
            "The file has already moved to connection '" + at.connectionId() + "'");
        synchronized (this) {
          objectsDone++;
          report(Optional.empty());
        }
        continue;
      }
      dispatch(at, false);
    }
  }

  // ---- one object ------------------------------------------------------------------------------

  /** Migrates one object here, or on a worker once one is free. */
  private void dispatch(FileRef source, boolean sizeCounted) {
    if (workers == null) {
      migrateOne(source, sizeCounted);
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // left set for the caller, as without workers
      shouldStop();
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              migrateOne(source, sizeCounted);
            } catch (Throwable t) {
              synchronized (this) {
                if (fatal == null) {
                  fatal = t;
                } else {
                  fatal.addSuppressed(t);
                }
                stopped = true;
              }
            } finally {
              slots.release();
            }
          });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private void startWorkers() {
    int n = plan.parallelism();
    if (n == 1) {
      return;
    }
    AtomicInteger number = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "stowage-migration-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    slots = new Semaphore(n);
  }

  /** Waits for the objects in flight: a stop never leaves a worker writing after the return. */
  private void awaitWorkers() {
    if (workers == null) {
      return;
    }
    slots.acquireUninterruptibly(plan.parallelism());
    slots.release(plan.parallelism());
    workers.shutdown();
  }

  private void rethrowFatal() {
    Throwable t;
    synchronized (this) {
      t = fatal;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private void migrateOne(FileRef source, boolean sizeCounted) {
    synchronized (this) {
      report(Optional.of(source.key()));
    }
    try {
      Verified v = copy(source, sizeCounted);
      Copied c = v.copy();
      hooks.afterVerified(source, c.to());
      journal.recordCopied(c);
      synchronized (this) {
        if (v.foundThere()) {
          skipped++;
        } else {
          copied++;
        }
        bytesDone += c.size();
      }
      log.debug(
          "Migrated {} to {} ({} bytes, verified{})",
          source,
          c.to(),
          c.size(),
          v.foundThere() ? ", found already there" : "");
      if (plan.mode() == MigrationMode.MOVE) {
        try {
          moveAway(c);
        } catch (StorageException e) {
          fail(source, MigrationStage.DELETE_SOURCE, e.code(), "Deleting the source failed");
        } catch (Failed f) {
          fail(source, f.stage, f.code, f.getMessage());
        }
      }
    } catch (Failed f) {
      fail(source, f.stage, f.code, f.getMessage());
    }
    synchronized (this) {
      objectsDone++;
      report(Optional.empty());
    }
  }

  /** A verified copy, and whether it was found already at the destination (not uploaded now). */
  private record Verified(Copied copy, boolean foundThere) {}

  /**
   * Copies one object and verifies the copy; the copy is recorded in the index, not journaled. The
   * upload is create-only: an object already at the destination key is never overwritten; it is
   * taken as the copy only if it holds the source's bytes (an earlier run that crashed before its
   * journal line), otherwise the object fails as a collision and both are left alone.
   */
  private Verified copy(FileRef source, boolean sizeCounted) {
    String destinationKey = plan.destinationKey(source.key());
    ObjectInfo info;
    Optional<String> sourceEtag;
    MigrationDigest sent;
    StoredFile stored = null;
    try (Lease lease = files.lease(source)) {
      Store store = lease.store();
      info =
          at(
              MigrationStage.READ_SOURCE,
              "Reading the source failed",
              () -> store.stat(source.key()));
      if (!sizeCounted) {
        synchronized (this) {
          bytesFound += info.size();
        }
      }
      UploadRequest.Builder b =
          UploadRequest.builder(destinationKey).metadata(info.metadata()).createOnly(true);
      info.contentType().ifPresent(b::contentType);
      info.contentDisposition().ifPresent(b::contentDisposition);
      UploadRequest request = b.build();
      ObjectContent content =
          at(
              MigrationStage.READ_SOURCE,
              "Reading the source failed",
              () -> store.download(source.key()));
      // The ETag of the version read, so a move later deletes only that version.
      sourceEtag = content.info().etag().or(info::etag);
      try (content) {
        long length = content.length() >= 0 ? content.length() : info.size();
        sent = new MigrationDigest(content.stream());
        try {
          stored =
              files.upload(
                  plan.to(),
                  request,
                  s -> s.upload(request, sent, length),
                  sent,
                  Optional.of(source));
        } catch (StorageException e) {
          if (sent.readFailed()) {
            throw new Failed(MigrationStage.READ_SOURCE, e.code(), "Reading the source failed");
          }
          if (e.code() != Code.ALREADY_EXISTS) {
            throw new Failed(MigrationStage.WRITE_DESTINATION, e.code(), "Writing the copy failed");
          }
        }
      }
      if (stored == null) {
        return foundThere(source, store, info, sourceEtag, request);
      }
    }
    hooks.afterUpload(source, stored.ref());
    String sha256 = sent.sha256();
    long size = sent.count();
    boolean same = size == info.size() && stored.size() == size;
    if (same) {
      MigrationDigest back;
      try (ObjectContent copy = files.download(stored.ref(), null)) {
        back = MigrationDigest.drain(copy.stream());
      } catch (StorageException | IOException e) {
        throw new Failed(
            MigrationStage.VERIFY,
            e instanceof StorageException se ? se.code() : Code.UNAVAILABLE,
            "Reading the copy back failed; " + removeIfOurs(stored) + ", the source is kept");
      }
      same = back.count() == size && back.sha256().equals(sha256);
    }
    if (!same) {
      throw new Failed(
          MigrationStage.VERIFY,
          Code.UNEXPECTED,
          "The copy read back differs from the source (size or SHA-256); "
              + removeIfOurs(stored)
              + ", the source is kept");
    }
    return new Verified(
        new Copied(source, stored.ref(), size, sha256, sourceEtag, stored.etag()), false);
  }

  /**
   * The destination key already holds an object: it is the copy if its size and SHA-256 equal the
   * source's (both read whole now), else a collision that leaves both objects as they are.
   */
  private Verified foundThere(
      FileRef source,
      Store sourceStore,
      ObjectInfo info,
      Optional<String> sourceEtag,
      UploadRequest request) {
    String key = request.key();
    MigrationDigest original;
    try (ObjectContent again = sourceStore.download(source.key())) {
      original = MigrationDigest.drain(again.stream());
    } catch (StorageException | IOException e) {
      throw new Failed(
          MigrationStage.READ_SOURCE,
          e instanceof StorageException se ? se.code() : Code.UNAVAILABLE,
          "Reading the source failed");
    }
    try (Lease target = files.uploadLease(plan.to(), key)) {
      ObjectInfo there;
      MigrationDigest existing;
      try (ObjectContent content = target.store().download(key)) {
        there = content.info();
        existing = MigrationDigest.drain(content.stream());
      } catch (StorageException | IOException e) {
        throw new Failed(
            MigrationStage.VERIFY,
            e instanceof StorageException se ? se.code() : Code.UNAVAILABLE,
            "Reading the object already at the destination key failed; it is left, the source is"
                + " kept");
      }
      boolean same =
          existing.count() == original.count()
              && existing.sha256().equals(original.sha256())
              && original.count() == info.size();
      if (!same) {
        throw new Failed(
            MigrationStage.COLLISION,
            Code.ALREADY_EXISTS,
            "Another object is already at the destination key; both it and the source are left"
                + " as they are");
      }
      StoredFile stored =
          files.record(
              FileRef.of(plan.to(), key, target.location()), there, request.contentType(), target);
      log.debug("{} was found already copied at {}", source, stored.ref());
      return new Verified(
          new Copied(
              source, stored.ref(), original.count(), original.sha256(), sourceEtag, there.etag()),
          true);
    }
  }

  /**
   * Removes a copy that failed verification, but only while it is still the object this migration
   * wrote (its ETag is the one the upload returned): another writer's object at the key is left.
   * Says what happened, for the failure's message.
   */
  private String removeIfOurs(StoredFile copy) {
    try {
      ObjectInfo now = files.stat(copy.ref());
      if (copy.etag().isEmpty() || !now.etag().equals(copy.etag())) {
        log.warn("The object at {} is not the copy this migration wrote: left", copy.ref());
        return "the object now at the destination key is not the copy written, so it was left";
      }
      files.delete(copy.ref());
      return "the copy was removed";
    } catch (StorageException e) {
      if (e.code() == Code.NOT_FOUND) {
        return "the copy is gone";
      }
      log.warn("Could not remove the unverified copy {}: {}", copy.ref(), e.code());
      return "the copy could not be removed (" + e.code() + ")";
    }
  }

  /**
   * Checks the source and the copy again, redirects the old reference to the copy, then deletes the
   * source and journals that. The source must still have the size and ETag journaled when its copy
   * was verified, and the copy must still be there unchanged; otherwise the source is kept, its
   * reference not redirected, and the object fails ({@code PRECONDITION_FAILED}). The API has no
   * conditional delete, so this is a stat then a delete: a write landing between the two is the one
   * change this cannot see. A source already gone (a run that stopped between its delete and the
   * journal line) is only redirected and journaled.
   */
  private void moveAway(Copied c) {
    FileRef from = c.from();
    ConnectionStore index = connections.store();
    Optional<FileRecord> known = index.file(from.connectionId(), from.location(), from.key());
    hooks.beforeSourceDelete(from);
    checkCopyUnchanged(c);
    try (Lease lease = files.lease(from)) {
      boolean present = checkSourceUnchanged(c, lease.store());
      String type =
          known
              .map(FileRecord::contentType)
              .or(
                  () ->
                      index
                          .file(c.to().connectionId(), c.to().location(), c.to().key())
                          .map(FileRecord::contentType))
              .orElse(HubFiles.DEFAULT_CONTENT_TYPE);
      index.putFile(
          new FileRecord(
              from.connectionId(),
              from.key(),
              from.location(),
              c.size(),
              type,
              known.flatMap(FileRecord::etag),
              known.map(FileRecord::recordedAt).orElseGet(() -> files.clock().instant()),
              Optional.of(c.to().toString())));
      if (present) {
        lease.store().delete(from.key());
      }
    }
    journal.recordDeleted(from);
  }

  /** Whether the source is there (unchanged since its copy was verified); refuses a changed one. */
  private static boolean checkSourceUnchanged(Copied c, Store store) {
    ObjectInfo now;
    try {
      now = store.stat(c.from().key());
    } catch (StorageException e) {
      if (e.code() == Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
    boolean same =
        now.size() == c.size() && (c.sourceEtag().isEmpty() || now.etag().equals(c.sourceEtag()));
    if (!same) {
      throw new Failed(
          MigrationStage.DELETE_SOURCE,
          Code.PRECONDITION_FAILED,
          "The source changed after its copy was verified; it is kept and its reference not"
              + " redirected. Migrate it again with a new journal");
    }
    return true;
  }

  /** Refuses to delete a source whose verified copy is gone or changed. */
  private void checkCopyUnchanged(Copied c) {
    ObjectInfo now;
    try (Lease lease = files.lease(c.to())) {
      now = lease.store().stat(c.to().key());
    } catch (StorageException e) {
      if (e.code() != Code.NOT_FOUND) {
        throw e;
      }
      now = null;
    }
    boolean same =
        now != null
            && now.size() == c.size()
            && (c.copyEtag().isEmpty() || now.etag().equals(c.copyEtag()));
    if (!same) {
      throw new Failed(
          MigrationStage.DELETE_SOURCE,
          Code.PRECONDITION_FAILED,
          "The verified copy is gone or changed at the destination; the source is kept and its"
              + " reference not redirected");
    }
  }

  // ---- bookkeeping -----------------------------------------------------------------------------

  private static <T> T at(MigrationStage stage, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (StorageException e) {
      throw new Failed(stage, e.code(), what);
    }
  }

  private synchronized void fail(FileRef source, MigrationStage stage, Code code, String message) {
    failed++;
    failures.add(new MigrationFailure(source, stage, code, message + " (" + code + ")"));
    log.warn("Migrating {} failed at {}: {}", source, stage, code);
    if (plan.stopOnFirstFailure()) {
      stopped = true;
    }
  }

  /** Whether to stop before the next object: cancelled, interrupted, or stopped by a failure. */
  private synchronized boolean shouldStop() {
    if (stopped) {
      return true;
    }
    if (listener.cancelled() || Thread.currentThread().isInterrupted()) {
      cancelled = true;
      stopped = true;
      log.info("Migration from '{}' to '{}' cancelled", plan.from(), plan.to());
    }
    return stopped;
  }

  private synchronized void report(Optional<String> currentKey) {
    listener.onProgress(
        new MigrationProgress(
            objectsDone,
            bytesDone,
            objectsFound,
            bytesFound,
            listingComplete,
            currentKey,
            copied,
            skipped,
            failed));
  }
}
