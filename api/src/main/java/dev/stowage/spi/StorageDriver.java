package dev.stowage.spi;

import com.sun.net.httpserver.HttpHandler;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.DeleteResult;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.ProgressListener;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open connection to a provider: the raw operations. Users never call a driver directly; they
 * hold a {@link dev.stowage.Store}, which has already validated every key, TTL and capability
 * before a method here runs, and which normalises whatever the driver throws. A driver throws
 * {@link StorageException} with the best {@link StorageException.Code} it can tell.
 *
 * <p>Operations a provider cannot do keep their default, which fails with {@code UNSUPPORTED};
 * declare them absent in {@link #capabilities()} so the compatibility kit checks exactly that.
 */
public interface StorageDriver extends AutoCloseable {

  Capabilities capabilities();

  /** The bucket or root this connection works in, for messages and reports. */
  String location();

  /**
   * Stores the bytes at {@code request.key()}, atomically: readers see the old object or the new
   * one, never a part. On any failure nothing is left behind (no partial object, no temporary file,
   * no incomplete multipart upload).
   */
  ObjectInfo upload(UploadRequest request, UploadSource source);

  /** The object's info, or {@code NOT_FOUND}. */
  ObjectInfo stat(String key);

  /** The whole object ({@code range} null) or a range of it, or {@code NOT_FOUND}. */
  ObjectContent download(String key, ByteRange range);

  /**
   * Writes the whole object to {@code target} and returns its info (its size: the bytes written),
   * or {@code NOT_FOUND}. Atomic: on any failure nothing is at {@code target} that was not there
   * before, and no temporary file is left ({@link TargetFile} does that part). {@code progress} is
   * told the bytes written so far and the object's size; it may be called from several threads. The
   * default streams {@link #download(String, ByteRange)} into the file; drivers override it with
   * something faster (parallel ranged reads, a kernel copy).
   */
  default ObjectInfo download(String key, Path target, ProgressListener progress) {
    return TargetFile.write(
        target,
        file -> {
          try (ObjectContent content = download(key, null)) {
            long size = content.length();
            long[] written = {0};
            long copied =
                TargetFile.copy(
                    content.stream(), file, 0, n -> progress.onProgress(written[0] += n, size));
            if (size != ObjectContent.UNKNOWN_LENGTH && copied != size) {
              throw new IOException(
                  "The download ended after " + copied + " of " + size + " bytes");
            }
            return content.info().toBuilder().size(copied).build();
          }
        });
  }

  /**
   * Up to {@code limit} objects whose keys start with {@code prefix} and sort after {@code
   * startAfter} (null: from the start), in ascending order of their UTF-8 bytes. Must not load more
   * than about one page into memory however many objects exist.
   */
  ObjectPage list(String prefix, String startAfter, int limit);

  /**
   * Up to {@code limit} objects under {@code prefix} whose file names match, examining at most
   * {@code scanBudget} keys; {@link ObjectPage#resumeAfter()} is the last key examined when more
   * remain. The default filters {@link #list} page by page, which is right for providers that
   * cannot search server-side.
   */
  default ObjectPage search(
      String prefix, FilenameMatcher matcher, String startAfter, int limit, int scanBudget) {
    List<ObjectInfo> found = new ArrayList<>();
    String after = startAfter;
    int scanned = 0;
    while (true) {
      int batch = Math.min(1000, scanBudget - scanned);
      ObjectPage page = list(prefix, after, batch);
      for (ObjectInfo info : page.items()) {
        scanned++;
        after = info.key();
        if (matcher.matches(info.key())) {
          found.add(info);
          if (found.size() == limit) {
            boolean more = page.resumeAfter() != null || !info.equals(last(page.items()));
            return new ObjectPage(found, more ? after : null);
          }
        }
      }
      if (page.resumeAfter() == null) {
        return ObjectPage.last(found);
      }
      if (scanned >= scanBudget) {
        return new ObjectPage(found, after);
      }
    }
  }

  /** Deletes the object; a missing key is not an error. */
  void delete(String key);

  /**
   * Deletes each key, reporting per key; missing keys count as deleted. The default deletes one at
   * a time; providers with a batch call override it ({@code keys.size()} is at most {@link
   * Capabilities#maxBatchDelete()}).
   */
  default DeleteResult deleteAll(List<String> keys) {
    List<DeleteResult.Outcome> outcomes = new ArrayList<>(keys.size());
    for (String key : keys) {
      try {
        delete(key);
        outcomes.add(DeleteResult.Outcome.deleted(key));
      } catch (StorageException e) {
        outcomes.add(DeleteResult.Outcome.failed(key, e.code(), e.getMessage()));
      }
    }
    return new DeleteResult(outcomes);
  }

  /** A presigned request; only called for methods in {@link Capabilities#presignMethods()}. */
  default PresignedRequest presign(PresignRequest request) {
    throw unsupported("presigned URLs");
  }

  /** A browser POST upload policy; only called when {@link Capabilities#presignPost()}. */
  default PresignedPost presignPost(PostPolicyRequest request) {
    throw unsupported("browser POST uploads");
  }

  /**
   * Bucket administration, when the provider has it; only used when {@link
   * Capabilities#bucketAdmin()} is declared.
   */
  default Optional<BucketAdmin> bucketAdmin() {
    return Optional.empty();
  }

  /**
   * The object's permanent, unsigned public link where the provider serves the bucket publicly (R2
   * with a custom domain); empty otherwise, which is the default.
   */
  default Optional<URI> publicUrl(String key) {
    return Optional.empty();
  }

  /**
   * The handler that serves this driver's signed URLs, for a host that mounts it in its own HTTP
   * server at the configured base URL; empty for drivers whose links the provider serves (the
   * default) or when signed URLs are not configured.
   */
  default Optional<HttpHandler> signedUrlHandler() {
    return Optional.empty();
  }

  /** Applies (or in a dry run, reads) the security settings; one row per setting asked for. */
  dev.stowage.HardeningReport harden(HardeningPolicy policy);

  /**
   * Probes the connection for the "Check again" button, for the features the request names only: a
   * check for a feature outside it is not run (report it {@code NOT_NEEDED}, or leave it out), and
   * a denied check names the permission that is missing. Never throws for a failed check.
   */
  ConnectionReport verify(dev.stowage.VerifyRequest request);

  /** Releases clients, threads and servers. */
  @Override
  default void close() {}

  private static ObjectInfo last(List<ObjectInfo> items) {
    return items.get(items.size() - 1);
  }

  /** An {@code UNSUPPORTED} error naming the feature. */
  static StorageException unsupported(String feature) {
    return StorageException.of(
        StorageException.Code.UNSUPPORTED, "This driver does not support " + feature);
  }

  /** Hardening report helper for drivers without a setting: every row UNSUPPORTED. */
  static HardeningReport allUnsupported(HardeningPolicy policy, String why) {
    List<HardeningReport.Row> rows = new ArrayList<>();
    policy.settings().stream()
        .sorted()
        .forEach(
            s -> rows.add(new HardeningReport.Row(s, HardeningReport.Status.UNSUPPORTED, why)));
    return new HardeningReport(rows, policy.dryRun());
  }
}
