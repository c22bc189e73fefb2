package dev.stowage.s3;

import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.spi.UploadSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Stores an upload: one PUT up to {@code multipartThreshold} bytes, a {@link MultipartUploader}
 * above it. A stream of unknown length is read part by part until it either ends within the
 * threshold or passes it; what was read then becomes the single PUT's body or the first parts, so
 * nothing is read twice and memory stays within the upload's {@link PartBuffers} and the store's
 * {@link UploadMemory}.
 */
final class S3Uploader {

  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private static final Logger log = LoggerFactory.getLogger(S3Uploader.class);

  private final S3Client s3;
  private final S3Settings settings;
  private final S3Dialect dialect;
  private final Clock clock;
  private final UploadMemory memory;
  private final MultipartUploader multipart;

  /**
   * @param memory the store's upload memory budget, shared by all its uploads
   * @param parts the store's executor for parts in flight
   */
  S3Uploader(
      S3Client s3,
      S3Settings settings,
      S3Dialect dialect,
      Clock clock,
      UploadMemory memory,
      Executor parts) {
    this.s3 = s3;
    this.settings = settings;
    this.dialect = dialect;
    this.clock = clock;
    this.memory = memory;
    this.multipart = new MultipartUploader(s3, settings.bucket(), parts, dialect);
  }

  ObjectInfo upload(UploadRequest request, UploadSource source) {
    long declared = source.length();
    InputStream in = source.open();
    try {
      return upload(request, in, declared);
    } finally {
      try {
        in.close();
      } catch (IOException e) {
        // The outcome is decided (stored, or failed with its own error): a source that fails to
        // close does not change it.
        log.debug("Closing an upload's source failed", e);
      }
    }
  }

  private ObjectInfo upload(UploadRequest request, InputStream in, long declared) {
    String key = request.key();
    String contentType = request.contentType().orElseGet(() -> guessContentType(key));
    Map<String, String> metadata = request.metadata();
    WriteToken.refuseReservedName(metadata);
    // A create-only write carries a token, to know its own object after a lost answer.
    WriteToken token = request.createOnly() ? WriteToken.random() : null;
    String disposition = request.contentDisposition().orElse(null);
    if (declared >= 0 && declared <= settings.multipartThreshold()) {
      // The common case (bytes, files, sized streams): one buffer of exactly the right size,
      // taken from the store's budget for as long as the PUT lasts.
      takeMemory(declared);
      try {
        byte[] bytes = readExactly(in, (int) declared);
        String etag =
            putObject(request, token, contentType, List.of(new Chunk(bytes, bytes.length)));
        return info(key, bytes.length, contentType, etag, metadata, disposition);
      } finally {
        memory.give(declared);
      }
    }
    PartBuffers buffers = new PartBuffers(partSizeFor(declared), settings.partsInFlight(), memory);
    List<Chunk> head = new ArrayList<>();
    boolean handedOver = false;
    try {
      boolean ended = false;
      if (declared < 0) {
        ended = readHead(in, buffers, head);
        long read = head.stream().mapToLong(Chunk::length).sum();
        if (ended && read <= settings.multipartThreshold()) {
          String etag = putObject(request, token, contentType, head);
          return info(key, read, contentType, etag, metadata, disposition);
        }
      }
      if (request.createOnly()) {
        // Completing with If-None-Match is what makes create-only atomic; this look first only
        // spares uploading gigabytes that the completion would then refuse.
        refuseIfExists(key);
      }
      CreateMultipartUploadRequest.Builder create =
          CreateMultipartUploadRequest.builder()
              .bucket(settings.bucket())
              .key(key)
              .contentType(contentType)
              .metadata(token == null ? metadata : token.addTo(metadata));
      if (disposition != null) {
        create.contentDisposition(disposition);
      }
      handedOver = true; // The multipart upload gives the head's buffers back.
      MultipartUploader.Result result =
          multipart.upload(create.build(), token, buffers, head, in, ended, declared);
      return info(key, result.size(), contentType, result.etag(), metadata, disposition);
    } finally {
      if (!handedOver) {
        head.forEach(c -> buffers.give(c.buffer()));
      }
    }
  }

  /**
   * Reads whole parts of a stream of unknown length into {@code head} until it ends (true) or
   * passes the threshold (false). The parts this may hold at once are taken from the budget in one
   * step.
   */
  private boolean readHead(InputStream in, PartBuffers buffers, List<Chunk> head) {
    long read = 0;
    boolean ended = false;
    try {
      buffers.reserve((int) (settings.multipartThreshold() / buffers.size() + 1));
      try {
        while (!ended && read <= settings.multipartThreshold()) {
          byte[] buffer = buffers.take();
          int n;
          try {
            n = in.readNBytes(buffer, 0, buffers.size());
          } catch (IOException | RuntimeException e) {
            buffers.give(buffer);
            throw MultipartUploader.sourceFailed(e);
          }
          ended = n < buffers.size();
          if (n == 0) {
            buffers.give(buffer);
          } else {
            head.add(new Chunk(buffer, n));
            read += n;
          }
        }
      } finally {
        buffers.releaseReserve();
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    return ended;
  }

  private void takeMemory(long bytes) {
    try {
      memory.take(bytes);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static StorageException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return StorageException.builder(Code.UNAVAILABLE, "The upload was interrupted")
        .cause(e)
        .build();
  }

  /** The {@code length} bytes the source declared, failing if it holds fewer or more. */
  private byte[] readExactly(InputStream in, int length) {
    byte[] bytes = new byte[length];
    int n;
    boolean more;
    try {
      n = in.readNBytes(bytes, 0, length);
      more = n == length && in.read() >= 0;
    } catch (IOException | RuntimeException e) {
      throw MultipartUploader.sourceFailed(e);
    }
    if (n != length || more) {
      throw MultipartUploader.lengthMismatch(more ? -1 : n, length);
    }
    return bytes;
  }

  /**
   * One PUT; create-only with {@code If-None-Match: *} when {@code token} is set, the token stored
   * with the object.
   */
  private String putObject(
      UploadRequest request, WriteToken token, String contentType, List<Chunk> body) {
    long size = body.stream().mapToLong(Chunk::length).sum();
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(request.key())
            .contentType(contentType)
            .contentLength(size)
            .metadata(token == null ? request.metadata() : token.addTo(request.metadata()));
    request.contentDisposition().ifPresent(put::contentDisposition);
    if (token != null) {
      put.ifNoneMatch("*");
    }
    try {
      PutObjectResponse response = s3.putObject(put.build(), Chunk.body(body, contentType));
      return response.eTag();
    } catch (SdkException e) {
      StorageException mapped = S3Errors.map(dialect, e, "Uploading", token != null);
      if (token != null && mapped.code() == Code.ALREADY_EXISTS && retried(e)) {
        // The SDK sent the PUT again after an attempt that failed on the way (a reset, a 5xx):
        // that attempt may have stored the object, and the retry's If-None-Match then refused
        // it. Our token on the key means it did; anyone else's object (same bytes or not) lacks
        // it.
        Optional<String> ours = token.etagIfOurs(s3, settings.bucket(), request.key());
        if (ours.isPresent()) {
          return ours.get();
        }
      }
      throw mapped;
    }
  }

  /** Whether the SDK sent the request more than once. */
  static boolean retried(SdkException e) {
    return e.numAttempts() != null && e.numAttempts() > 1;
  }

  private void refuseIfExists(String key) {
    try {
      s3.headObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (SdkException e) {
      if (S3Errors.status(e) == 404) {
        return;
      }
      throw S3Errors.map(dialect, e, "Checking whether the key exists");
    }
    throw StorageException.of(Code.ALREADY_EXISTS, "The key already exists");
  }

  /**
   * The configured part size, or more for a known length that would otherwise need more than S3's
   * 10,000 parts (beyond 78 GiB at 8 MiB); rounded up to whole MiB. One size for the whole upload:
   * every part but the last has exactly this size and the last no more, which R2 requires.
   */
  private int partSizeFor(long declared) {
    long size = settings.partSize();
    if (declared > size * MultipartUploader.MAX_PARTS) {
      long needed = (declared + MultipartUploader.MAX_PARTS - 1) / MultipartUploader.MAX_PARTS;
      size = (needed + S3Settings.MIB - 1) / S3Settings.MIB * S3Settings.MIB;
      if (size > memory.limit()) {
        throw StorageException.of(
            Code.INVALID_ARGUMENT,
            "An object of "
                + declared
                + " bytes needs parts of "
                + size
                + " bytes (S3 allows "
                + MultipartUploader.MAX_PARTS
                + " parts), more than the store's '"
                + S3DriverProvider.UPLOAD_MEMORY
                + "' of "
                + memory.limit()
                + " bytes; raise it");
      }
    }
    return (int) Math.min(size, Integer.MAX_VALUE - 8);
  }

  private ObjectInfo info(
      String key,
      long size,
      String contentType,
      String etag,
      Map<String, String> metadata,
      String disposition) {
    return ObjectInfo.builder(key)
        .size(size)
        .lastModified(clock.instant())
        .contentType(contentType)
        .etag(etag)
        .metadata(metadata)
        .contentDisposition(disposition)
        .build();
  }

  /** The type for the file name's extension, as the JDK knows it, or octet-stream. */
  static String guessContentType(String key) {
    String type = URLConnection.getFileNameMap().getContentTypeFor(key);
    return type == null ? DEFAULT_CONTENT_TYPE : type;
  }

  /**
   * Aborts the multipart uploads still open: the store is closing (see {@link S3StorageDriver}).
   */
  void abortOpenUploads() {
    multipart.abortOpenUploads();
  }
}
