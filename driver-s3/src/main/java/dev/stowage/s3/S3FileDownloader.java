package dev.stowage.s3;

import dev.stowage.ObjectInfo;
import dev.stowage.ProgressListener;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.spi.TargetFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Downloads an object to a file. A HEAD gives the size and ETag; up to {@code downloadThreshold}
 * bytes (or when the object has no ETag) one GET follows, above it ranged GETs of {@code
 * downloadPartSize} on the store's {@link PartThreads}, at most {@code downloadPartsInFlight} at
 * once, each streamed straight into the file by position in {@link TargetFile#COPY_STEP} steps (no
 * part is ever held in memory). Every GET carries {@code If-Match} with the HEAD's ETag, so an
 * overwrite during the download fails it with {@code PRECONDITION_FAILED} instead of mixing two
 * versions. Verified: each part's {@code Content-Range} and byte count, the total against the
 * HEAD's length, each answer's ETag; for a single GET of an object whose ETag is a plain MD5 (a
 * single-part upload without SSE-KMS or SSE-C), the MD5 of the bytes.
 */
final class S3FileDownloader {

  private static final Logger log = LoggerFactory.getLogger(S3FileDownloader.class);
  private static final Pattern MD5_ETAG = Pattern.compile("\"?[0-9a-fA-F]{32}\"?");
  private static final long DRAIN_SECONDS = 30;

  private final S3Client s3;
  private final String bucket;
  private final S3Dialect dialect;
  private final S3Settings.Downloads settings;
  private final PartThreads threads;

  S3FileDownloader(S3Client s3, S3Settings settings, S3Dialect dialect, PartThreads threads) {
    this.s3 = s3;
    this.bucket = settings.bucket();
    this.dialect = dialect;
    this.settings = settings.downloads();
    this.threads = threads;
  }

  ObjectInfo download(String key, Path target, ProgressListener progress) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Reading the object's info");
    }
    ObjectInfo info = S3Objects.fromHead(key, head);
    String etag = head.eTag();
    boolean parallel =
        etag != null
            && head.contentLength() != null
            && info.size() > settings.threshold()
            && info.size() > settings.partSize();
    return TargetFile.write(
        target,
        file -> {
          if (!parallel) {
            long written = single(key, head, file, progress);
            return info.toBuilder().size(written).build();
          }
          new Parts(key, etag, info.size(), file, progress).run();
          return info;
        });
  }

  // ---- one GET --------------------------------------------------------------------------------

  private long single(String key, HeadObjectResponse head, FileChannel file, ProgressListener p)
      throws IOException {
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
    if (head.eTag() != null) {
      get.ifMatch(head.eTag());
    }
    ResponseInputStream<GetObjectResponse> body;
    try {
      body = s3.getObject(get.build());
    } catch (SdkException e) {
      throw S3Errors.map(dialect, e, "Downloading");
    }
    try {
      GetObjectResponse response = body.response();
      checkSameVersion(head.eTag(), response.eTag());
      MessageDigest md5 = md5Checkable(head) ? md5() : null;
      InputStream in = md5 == null ? body : new DigestInputStream(body, md5);
      long expected =
          response.contentLength() != null
              ? response.contentLength()
              : head.contentLength() != null ? head.contentLength() : -1;
      long[] written = {0};
      long copied = TargetFile.copy(in, file, 0, n -> p.onProgress(written[0] += n, expected));
      if (expected >= 0 && copied != expected) {
        throw new IOException("The download ended after " + copied + " of " + expected + " bytes");
      }
      if (md5 != null) {
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!head.eTag().replace("\"", "").toLowerCase(Locale.ROOT).equals(actual)) {
          throw StorageException.builder(
                  Code.UNAVAILABLE,
                  "Downloading failed: the bytes received do not match the object's MD5")
              .retryable(true)
              .build();
        }
      }
      body.close();
      return copied;
    } catch (IOException | RuntimeException e) {
      body.abort();
      throw e;
    }
  }

  /**
   * A plain MD5 ETag is the MD5 of the bytes for single-part uploads, except under SSE-KMS or
   * SSE-C, where it is not (multipart ETags carry a {@code -n} suffix and never match).
   */
  private static boolean md5Checkable(HeadObjectResponse head) {
    if (head.eTag() == null || !MD5_ETAG.matcher(head.eTag()).matches()) {
      return false;
    }
    String sse = head.serverSideEncryptionAsString();
    return head.sseCustomerAlgorithm() == null && (sse == null || !sse.startsWith("aws:kms"));
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      return null; // A FIPS provider without MD5: the length checks remain.
    }
  }

  /** A server that ignores {@code If-Match} still names the version it sent. */
  private static void checkSameVersion(String pinned, String sent) {
    if (pinned != null && sent != null && !pinned.equals(sent)) {
      throw changed();
    }
  }

  private static StorageException changed() {
    return StorageException.of(
        Code.PRECONDITION_FAILED,
        "Downloading failed: the object was replaced during the download");
  }

  // ---- ranged GETs in parallel ----------------------------------------------------------------

  /** One download's parts: workers on the part threads take the next part until none is left. */
  private final class Parts {
    private final String key;
    private final String etag;
    private final long size;
    private final FileChannel file;
    private final ProgressListener progress;
    private final long partCount;
    private final AtomicLong nextPart = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private final Set<ResponseInputStream<GetObjectResponse>> open = ConcurrentHashMap.newKeySet();

    Parts(String key, String etag, long size, FileChannel file, ProgressListener progress) {
      this.key = key;
      this.etag = etag;
      this.size = size;
      this.file = file;
      this.progress = progress;
      this.partCount = (size + settings.partSize() - 1) / settings.partSize();
    }

    void run() throws IOException {
      int count = (int) Math.min(settings.partsInFlight(), partCount);
      List<Worker> workers = new ArrayList<>(count);
      try {
        for (int i = 0; i < count; i++) {
          Worker worker = new Worker();
          workers.add(worker);
          threads.execute(worker);
        }
        for (Worker worker : workers) {
          worker.done.get();
        }
      } catch (RejectedExecutionException e) {
        fail(storeClosed(e));
      } catch (ExecutionException e) {
        // The first failure is in `failed`; this one may be another part's abort after it.
      } catch (InterruptedException e) {
        fail(
            StorageException.builder(Code.UNAVAILABLE, "The download was interrupted")
                .cause(e)
                .build());
        drain(workers);
        Thread.currentThread().interrupt();
      }
      drain(workers);
      Throwable t = failed.get();
      if (t == null) {
        if (written.get() != size) {
          throw new IOException("The download wrote " + written.get() + " of " + size + " bytes");
        }
        return;
      }
      throw asFailure(t);
    }

    /** Every worker has stopped, so nothing writes to the file once it is removed. */
    private void drain(List<Worker> workers) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
      for (Worker worker : workers) {
        worker.takeBack();
        try {
          worker.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
          // Over, which is all this waits for.
        } catch (TimeoutException e) {
          log.warn("Parts of a failed download were still running after {} s", DRAIN_SECONDS);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** Records the first failure and stops every part still reading. */
    private void fail(Throwable t) {
      if (failed.compareAndSet(null, t)) {
        open.forEach(ResponseInputStream::abort);
      }
    }

    private RuntimeException asFailure(Throwable t) throws IOException {
      if (threads.closed() && !(t instanceof StorageException)) {
        return storeClosed(t);
      }
      if (t instanceof StorageException e) {
        return e;
      }
      if (t instanceof SdkException e) {
        return S3Errors.map(dialect, e, "Downloading a part");
      }
      if (t instanceof IOException e) {
        throw e;
      }
      return StorageException.builder(Code.UNEXPECTED, "The download failed: " + t)
          .cause(t)
          .build();
    }

    private void fetch(long part) throws IOException {
      long first = part * settings.partSize();
      long last = Math.min(size, first + settings.partSize()) - 1;
      ResponseInputStream<GetObjectResponse> body =
          s3.getObject(
              GetObjectRequest.builder()
                  .bucket(bucket)
                  .key(key)
                  .range("bytes=" + first + "-" + last)
                  .ifMatch(etag)
                  .build());
      open.add(body);
      try {
        if (failed.get() != null) {
          throw new IOException("Another part failed");
        }
        GetObjectResponse response = body.response();
        checkSameVersion(etag, response.eTag());
        long[] span = S3Objects.contentRange(response.contentRange());
        if (span == null || span[0] != first || span[1] != last || span[2] != size) {
          // A server that ignored the Range, or an object that changed size.
          throw new IOException("The server did not answer with the range asked for");
        }
        long copied =
            TargetFile.copy(
                body, file, first, n -> progress.onProgress(written.addAndGet(n), size));
        if (copied != last - first + 1) {
          throw new IOException(
              "A part ended after " + copied + " of " + (last - first + 1) + " bytes");
        }
        body.close();
      } catch (IOException | RuntimeException e) {
        body.abort();
        throw e;
      } finally {
        open.remove(body);
      }
    }

    /** Fetches parts until none is left or one failed; claimed once, by a thread or a drain. */
    private final class Worker implements PartThreads.Part {
      final CompletableFuture<Void> done = new CompletableFuture<>();
      private final AtomicBoolean claimed = new AtomicBoolean();

      @Override
      public void run() {
        if (!claimed.compareAndSet(false, true)) {
          return;
        }
        try {
          long part;
          while (failed.get() == null && (part = nextPart.getAndIncrement()) < partCount) {
            fetch(part);
          }
          done.complete(null);
        } catch (Throwable t) {
          fail(t);
          done.completeExceptionally(t);
        } finally {
          // An interrupt meant for this download must not reach the pool thread's next task.
          Thread.interrupted();
        }
      }

      @Override
      public void dropUnstarted() {
        if (claimed.compareAndSet(false, true)) {
          StorageException closed = storeClosed(null);
          fail(closed);
          done.completeExceptionally(closed);
        }
      }

      /** A worker not yet started never will. */
      void takeBack() {
        if (claimed.compareAndSet(false, true)) {
          done.cancel(false);
        }
      }
    }
  }

  private static StorageException storeClosed(Throwable cause) {
    return StorageException.builder(Code.UNAVAILABLE, "The store was closed during the download")
        .cause(cause)
        .retryable(false)
        .build();
  }
}
