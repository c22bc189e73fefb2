package dev.stowage.s3;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One multipart upload, from a stream of any length: parts are read on the calling thread into
 * buffers from a {@link PartBuffers} budget and uploaded in parallel on the store's executor
 * (shared by all its uploads, closed with the store); the upload completes with the parts in order.
 * On any failure, the source's included, it takes back its parts not started, waits for those in
 * flight and then aborts the upload, so S3 keeps no parts (which it would bill and never show in a
 * listing), and throws a {@link StorageException}.
 *
 * <p>Parts are read whole ({@code readNBytes} fills a buffer unless the stream ends), so every part
 * but the last has exactly {@code buffers.size()} bytes and the last no more: the equal-part-size
 * rule R2 enforces ({@code InvalidPart} otherwise) holds for every upload, S3's included.
 */
final class MultipartUploader {

  /** S3's limit on parts per upload. */
  static final int MAX_PARTS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(MultipartUploader.class);

  /** How long a failed upload waits for its parts in flight before aborting anyway. */
  private static final long DRAIN_SECONDS = 120;

  private final S3Client s3;
  private final String bucket;
  private final Executor executor;
  private final S3Dialect dialect;

  /** Uploads started and not yet completed or aborted: what closing the store aborts. */
  private final Set<OpenUpload> open = ConcurrentHashMap.newKeySet();

  private record OpenUpload(String key, String uploadId) {}

  MultipartUploader(S3Client s3, String bucket, Executor executor, S3Dialect dialect) {
    this.s3 = s3;
    this.bucket = bucket;
    this.executor = executor;
    this.dialect = dialect;
  }

  /** What the completed upload reports: its entity tag and total size. */
  record Result(String etag, long size) {}

  /**
   * Uploads {@code head} (chunks already read, each a whole part except perhaps the last when
   * {@code ended}) and then the rest of {@code in}, in parts of {@code buffers.size()} bytes.
   *
   * @param create the CreateMultipartUpload request: key, content type, metadata, disposition
   * @param token for a create-only upload (complete with {@code If-None-Match: *}: fail rather than
   *     replace), the token {@code create} stores with the object; null otherwise
   * @param declaredLength the length the source promised, or -1; a different length fails
   */
  Result upload(
      CreateMultipartUploadRequest create,
      WriteToken token,
      PartBuffers buffers,
      List<Chunk> head,
      InputStream in,
      boolean ended,
      long declaredLength) {
    String key = create.key();
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(create).uploadId();
    } catch (RuntimeException e) {
      head.forEach(c -> buffers.give(c.buffer()));
      if (e instanceof SdkException sdk) {
        throw S3Errors.map(dialect, sdk, "Starting a multipart upload");
      }
      throw e;
    }
    OpenUpload started = new OpenUpload(key, uploadId);
    open.add(started);
    try {
      return upload(key, uploadId, create, token, buffers, head, in, ended, declaredLength);
    } finally {
      open.remove(started);
    }
  }

  private Result upload(
      String key,
      String uploadId,
      CreateMultipartUploadRequest create,
      WriteToken token,
      PartBuffers buffers,
      List<Chunk> head,
      InputStream in,
      boolean ended,
      long declaredLength) {
    List<PartTask> parts = new ArrayList<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    int headHandedOver = 0;
    try {
      long total = 0;
      for (Chunk chunk : head) {
        total += chunk.length();
        headHandedOver++;
        parts.add(submit(buffers, failed, key, uploadId, parts.size() + 1, chunk));
      }
      boolean end = ended;
      while (!end) {
        rethrowIfFailed(failed);
        byte[] buffer = buffers.take();
        int n;
        try {
          n = in.readNBytes(buffer, 0, buffers.size());
        } catch (IOException | RuntimeException e) {
          buffers.give(buffer);
          throw sourceFailed(e);
        }
        end = n < buffers.size();
        if (n == 0) {
          buffers.give(buffer);
          break;
        }
        if (parts.size() == MAX_PARTS) {
          buffers.give(buffer);
          throw StorageException.of(
              Code.INVALID_ARGUMENT,
              "The stream is longer than "
                  + MAX_PARTS
                  + " parts of "
                  + buffers.size()
                  + " bytes; raise partSize or upload with a known length");
        }
        total += n;
        if (declaredLength >= 0 && total > declaredLength) {
          buffers.give(buffer);
          throw lengthMismatch(-1, declaredLength);
        }
        parts.add(submit(buffers, failed, key, uploadId, parts.size() + 1, new Chunk(buffer, n)));
      }
      if (declaredLength >= 0 && total != declaredLength) {
        throw lengthMismatch(total, declaredLength);
      }
      List<CompletedPart> completed = new ArrayList<>(parts.size());
      for (PartTask part : parts) {
        completed.add(part.result.get());
      }
      completed.sort(Comparator.comparing(CompletedPart::partNumber));
      CompleteMultipartUploadRequest.Builder complete =
          CompleteMultipartUploadRequest.builder()
              .bucket(bucket)
              .key(key)
              .uploadId(uploadId)
              .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build());
      if (token != null) {
        complete.ifNoneMatch("*");
      }
      CompleteMultipartUploadResponse done;
      try {
        done = s3.completeMultipartUpload(complete.build());
      } catch (SdkException e) {
        StorageException mapped =
            S3Errors.map(dialect, e, "Completing the multipart upload", token != null);
        if (token != null && S3Uploader.retried(e) && mayHaveCompleted(mapped, e)) {
          // An attempt that completed the upload lost its answer; the retry found the key taken
          // (412) or the upload gone (NoSuchUpload). Our token on the key says it was us.
          Optional<String> ours = token.etagIfOurs(s3, bucket, key);
          if (ours.isPresent()) {
            return new Result(ours.get(), total);
          }
        }
        throw mapped;
      }
      return new Result(done.eTag(), total);
    } catch (Throwable t) {
      // Head chunks never handed to a part go back to the budget.
      for (int i = headHandedOver; i < head.size(); i++) {
        buffers.give(head.get(i).buffer());
      }
      // Clean up with the interrupt flag cleared (the SDK refuses to send on an interrupted
      // thread, and the abort must be sent); it is set again before throwing.
      boolean interrupted = Thread.interrupted() || t instanceof InterruptedException;
      StorageException error = asStorageException(t, failed);
      drain(parts, error);
      abort(key, uploadId, error);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (t instanceof Error fatal) {
        fatal.addSuppressed(error);
        throw fatal;
      }
      throw error;
    }
  }

  /** What a retried Complete answers when an earlier attempt completed the upload. */
  private static boolean mayHaveCompleted(StorageException mapped, SdkException e) {
    return mapped.code() == Code.ALREADY_EXISTS
        || (S3Errors.status(e) == 404
            && S3Errors.errorCode(e).filter("NoSuchUpload"::equals).isPresent());
  }

  /** Hands a part to the store's executor; a closed store's refusal gives its buffer back. */
  private PartTask submit(
      PartBuffers buffers,
      AtomicReference<Throwable> failed,
      String key,
      String uploadId,
      int partNumber,
      Chunk chunk) {
    PartTask task = new PartTask(buffers, failed, key, uploadId, partNumber, chunk);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.takeBack();
      throw storeClosed(e);
    }
    return task;
  }

  /**
   * One part's upload on the store's executor. Whoever claims it first runs it: a pool thread
   * (uploads the part) or a failed upload taking it back before it started (gives its buffer back).
   * Either way its buffer goes back exactly once and {@link #result} completes.
   */
  private final class PartTask implements PartThreads.Part {
    final CompletableFuture<CompletedPart> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final PartBuffers buffers;
    private final AtomicReference<Throwable> failed;
    private final String key;
    private final String uploadId;
    private final int partNumber;
    private final Chunk chunk;
    private Thread runner; // guarded by this

    PartTask(
        PartBuffers buffers,
        AtomicReference<Throwable> failed,
        String key,
        String uploadId,
        int partNumber,
        Chunk chunk) {
      this.buffers = buffers;
      this.failed = failed;
      this.key = key;
      this.uploadId = uploadId;
      this.partNumber = partNumber;
      this.chunk = chunk;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      synchronized (this) {
        runner = Thread.currentThread();
      }
      try {
        if (failed.get() != null) {
          throw new IllegalStateException("upload already failed");
        }
        String etag =
            s3.uploadPart(
                    UploadPartRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength((long) chunk.length())
                        .build(),
                    Chunk.body(List.of(chunk), "application/octet-stream"))
                .eTag();
        result.complete(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      } catch (Throwable t) {
        failed.compareAndSet(null, t);
        result.completeExceptionally(t);
      } finally {
        synchronized (this) {
          runner = null;
          // An interrupt meant for this part must not reach the pool thread's next task.
          Thread.interrupted();
        }
        buffers.give(chunk.buffer());
      }
    }

    @Override
    public void dropUnstarted() {
      if (claimed.compareAndSet(false, true)) {
        buffers.give(chunk.buffer());
        StorageException closed = storeClosed(null);
        failed.compareAndSet(null, closed);
        result.completeExceptionally(closed);
      }
    }

    /** Takes the part back if it has not started (true); else interrupts it if it runs. */
    boolean takeBack() {
      if (claimed.compareAndSet(false, true)) {
        buffers.give(chunk.buffer());
        result.cancel(false);
        return true;
      }
      synchronized (this) {
        if (runner != null) {
          runner.interrupt();
        }
      }
      return false;
    }
  }

  private static StorageException storeClosed(Throwable cause) {
    return StorageException.builder(Code.UNAVAILABLE, "The store was closed during the upload")
        .cause(cause)
        .retryable(false)
        .build();
  }

  private static void rethrowIfFailed(AtomicReference<Throwable> failed) throws Throwable {
    Throwable t = failed.get();
    if (t != null) {
      throw t;
    }
  }

  private StorageException asStorageException(Throwable t, AtomicReference<Throwable> failed) {
    Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (executor instanceof PartThreads threads
        && threads.closed()
        && !(cause instanceof StorageException)) {
      // An aborted request or an interrupt now is the store closing; a failure we named (a
      // length mismatch, say) keeps its own code.
      return storeClosed(cause);
    }
    // A part that failed first says more than the "already failed" of the parts after it.
    if (cause instanceof IllegalStateException && failed.get() != null && failed.get() != cause) {
      cause = failed.get();
    }
    if (cause instanceof StorageException e) {
      return e;
    }
    if (cause instanceof SdkException e) {
      return S3Errors.map(dialect, e, "Uploading a part");
    }
    if (cause instanceof InterruptedException) {
      return StorageException.builder(Code.UNAVAILABLE, "The upload was interrupted")
          .cause(cause)
          .build();
    }
    return StorageException.builder(Code.UNEXPECTED, "The multipart upload failed: " + cause)
        .cause(cause)
        .build();
  }

  /**
   * Takes back the parts not started and waits for those in flight, so none lands after the abort.
   */
  private static void drain(List<PartTask> parts, StorageException error) {
    parts.forEach(PartTask::takeBack);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
    for (PartTask part : parts) {
      try {
        part.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // Failed or taken back: it is over, which is all this waits for.
      } catch (TimeoutException e) {
        log.warn("Parts of a failed multipart upload were still running after {} s", DRAIN_SECONDS);
        return;
      } catch (InterruptedException e) {
        // Interrupted again while cleaning up: abort now; the caller sets the flag again.
        error.addSuppressed(e);
        return;
      }
    }
  }

  /**
   * Aborts every upload still open, for a store that closes while uploads run: their callers may be
   * blocked (reading a slow source, say) past the moment the clients close, and would then fail to
   * abort, leaving billed parts behind. A caller's own abort afterwards finds the upload gone.
   */
  void abortOpenUploads() {
    for (OpenUpload upload : open) {
      StorageException closing = storeClosed(null);
      abort(upload.key(), upload.uploadId(), closing);
    }
  }

  private void abort(String key, String uploadId, StorageException error) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      if (S3Errors.status(e) == 404) {
        return; // Already gone: nothing is left behind.
      }
      error.addSuppressed(e);
      log.warn(
          "Could not abort multipart upload {} of bucket {}; its parts stay (and are billed) until"
              + " a lifecycle rule AbortIncompleteMultipartUpload removes them: {}",
          uploadId,
          bucket,
          S3Errors.map(dialect, e, "Aborting").getMessage());
    }
  }

  static StorageException sourceFailed(Exception e) {
    return StorageException.builder(
            Code.UNAVAILABLE, "Reading the upload's source failed: " + e.getMessage())
        .cause(e)
        .retryable(false)
        .build();
  }

  /** {@code actual} -1: more than declared. */
  static StorageException lengthMismatch(long actual, long declared) {
    return StorageException.of(
        Code.INVALID_ARGUMENT,
        "The stream held "
            + (actual < 0 ? "more than " + declared + " bytes" : actual + " bytes")
            + ", not the "
            + declared
            + " it was declared to hold");
  }
}
