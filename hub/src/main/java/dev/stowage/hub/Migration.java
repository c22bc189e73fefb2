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
 * disposition and metadata, then a stream), upload the stream to the target with its known length
 * while hashing it, read the copy back and compare size and SHA-256, record the verified copy in
 * the journal, and for a move redirect the old reference ({@code movedTo}) and only then delete the
 * source. A failed object is recorded and the next one goes, unless the plan says to stop.
 *
 * <p>With {@link MigrationPlan#parallelism()} above 1, objects are copied on that many worker
 * threads while the calling thread lists; counters, failures and listener calls are guarded by this
 * object's lock, so the listener sees one event at a time.
 */
final class Migration {

  private static final Logger log = LoggerFactory.getLogger(Migration.class);
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

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
      Copied c = copy(source, sizeCounted);
      hooks.afterVerified(source, c.to());
      journal.recordCopied(c);
      synchronized (this) {
        copied++;
        bytesDone += c.size();
      }
      log.debug("Migrated {} to {} ({} bytes, verified)", source, c.to(), c.size());
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

  /** Copies one object and verifies the copy; the copy is recorded in the index, not journaled. */
  private Copied copy(FileRef source, boolean sizeCounted) {
    String destinationKey = plan.destinationKey(source.key());
    ObjectInfo info;
    MigrationDigest sent;
    StoredFile stored;
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
      UploadRequest.Builder b = UploadRequest.builder(destinationKey).metadata(info.metadata());
      info.contentType().ifPresent(b::contentType);
      info.contentDisposition().ifPresent(b::contentDisposition);
      UploadRequest request = b.build();
      ObjectContent content =
          at(
              MigrationStage.READ_SOURCE,
              "Reading the source failed",
              () -> store.download(source.key()));
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
          throw sent.readFailed()
              ? new Failed(MigrationStage.READ_SOURCE, e.code(), "Reading the source failed")
              : new Failed(MigrationStage.WRITE_DESTINATION, e.code(), "Writing the copy failed");
        }
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
        removeCopy(stored.ref());
        throw new Failed(
            MigrationStage.VERIFY,
            e instanceof StorageException se ? se.code() : Code.UNAVAILABLE,
            "Reading the copy back failed; the copy was removed, the source is kept");
      }
      same = back.count() == size && back.sha256().equals(sha256);
    }
    if (!same) {
      removeCopy(stored.ref());
      throw new Failed(
          MigrationStage.VERIFY,
          Code.UNEXPECTED,
          "The copy read back differs from the source (size or SHA-256); the copy was removed,"
              + " the source is kept");
    }
    return new Copied(source, stored.ref(), size, sha256);
  }

  private void removeCopy(FileRef copy) {
    try {
      files.delete(copy);
    } catch (StorageException e) {
      log.warn("Could not remove the unverified copy {}: {}", copy, e.code());
    }
  }

  /**
   * Redirects the old reference to the verified copy, then deletes the source and journals that.
   * The redirect comes first, so the old reference resolves at every moment.
   */
  private void moveAway(Copied c) {
    FileRef from = c.from();
    ConnectionStore index = connections.store();
    Optional<FileRecord> known = index.file(from.connectionId(), from.location(), from.key());
    if (known.isPresent() && known.get().location() != from.location()) {
      // The index holds one record per key: redirecting would break the other location's file.
      throw new Failed(
          MigrationStage.DELETE_SOURCE,
          Code.PRECONDITION_FAILED,
          "The file index holds this key for location "
              + known.get().location()
              + " of the connection; the source is kept so that reference still resolves");
    }
    String type =
        known
            .map(FileRecord::contentType)
            .or(
                () ->
                    index
                        .file(c.to().connectionId(), c.to().location(), c.to().key())
                        .map(FileRecord::contentType))
            .orElse(DEFAULT_CONTENT_TYPE);
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
    hooks.beforeSourceDelete(from);
    try (Lease lease = files.lease(from)) {
      lease.store().delete(from.key());
    }
    journal.recordDeleted(from);
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
