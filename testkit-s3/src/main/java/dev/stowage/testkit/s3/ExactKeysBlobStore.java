package dev.stowage.testkit.s3;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Keeps every key S3 can hold apart on a file-system store. A file system folds {@code a//b} into
 * {@code a/b}, cannot hold {@code photos/} with content next to {@code photos/cat.jpg}, and refuses
 * {@code ..}; S3 keeps all of them as distinct objects, and other tools (the console, aws-cli)
 * create them. Each key segment is escaped on the way to the store and unescaped on the way back:
 * an empty segment becomes {@code %_}, a {@code .} or {@code ..} segment {@code %2E} or {@code
 * %2E%2E}, and a literal {@code %} becomes {@code %25}.
 *
 * <p>Listings are read whole from the store, unescaped and filtered by the raw prefix (with the
 * delimiter applied to raw keys); the {@link Utf8OrderBlobStore} above sorts and pages them.
 */
final class ExactKeysBlobStore extends ForwardingBlobStore {

  ExactKeysBlobStore(BlobStore delegate) {
    super(delegate);
  }

  /** The name under which the file-system store keeps {@code key}. */
  static String escape(String key) {
    if (key == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(key.length() + 8);
    int start = 0;
    while (true) {
      int slash = key.indexOf('/', start);
      String segment = key.substring(start, slash < 0 ? key.length() : slash);
      if (segment.isEmpty()) {
        out.append("%_");
      } else if (segment.equals(".") || segment.equals("..")) {
        out.append(segment.replace(".", "%2E"));
      } else {
        out.append(segment.replace("%", "%25"));
      }
      if (slash < 0) {
        return out.toString();
      }
      out.append('/');
      start = slash + 1;
    }
  }

  /** The key a stored name stands for: the inverse of {@link #escape}. */
  static String unescape(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(name.length());
    int start = 0;
    while (true) {
      int slash = name.indexOf('/', start);
      String segment = name.substring(start, slash < 0 ? name.length() : slash);
      if (!segment.equals("%_")) {
        out.append(percentDecode(segment));
      }
      if (slash < 0) {
        return out.toString();
      }
      out.append('/');
      start = slash + 1;
    }
  }

  private static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length) {
        out.write(Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // ---- objects ----------------------------------------------------------------------------------

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
    return delegate().putBlob(request.toBuilder().key(escape(request.key())).build(), input);
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    return delegate().getBlob(request.toBuilder().key(escape(request.key())).build());
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    return delegate().blobMetadata(request.toBuilder().key(escape(request.key())).build());
  }

  @Override
  public boolean blobExists(String container, String key) {
    return delegate().blobExists(container, escape(key));
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return delegate().removeBlob(request.toBuilder().key(escape(request.key())).build());
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return delegate()
        .copyBlob(
            request.toBuilder()
                .sourceKey(escape(request.sourceKey()))
                .destinationKey(escape(request.destinationKey()))
                .build());
  }

  @Override
  public ObjectCannedACL getBlobAccess(String container, String key) {
    return delegate().getBlobAccess(container, escape(key));
  }

  @Override
  public ObjectCannedACL getBlobAccess(String container, String key, String versionId) {
    return delegate().getBlobAccess(container, escape(key), versionId);
  }

  @Override
  public void setBlobAccess(String container, String key, ObjectCannedACL access) {
    delegate().setBlobAccess(container, escape(key), access);
  }

  @Override
  public void setBlobAccess(
      String container, String key, ObjectCannedACL access, String versionId) {
    delegate().setBlobAccess(container, escape(key), access, versionId);
  }

  // ---- listing ----------------------------------------------------------------------------------

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    String prefix = request.prefix() == null ? "" : request.prefix();
    String delimiter = request.delimiter();
    ListObjectsV2Response all =
        delegate()
            .list(
                request.toBuilder()
                    .prefix(null)
                    .delimiter(null)
                    .continuationToken(null)
                    .startAfter(null)
                    .maxKeys(null)
                    .build());
    List<S3Object> contents = new ArrayList<>();
    Set<String> prefixes = new LinkedHashSet<>();
    for (S3Object o : all.contents()) {
      String key = unescape(o.key());
      if (!key.startsWith(prefix)) {
        continue;
      }
      int cut =
          delimiter == null || delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        prefixes.add(key.substring(0, cut + delimiter.length()));
      } else {
        contents.add(o.toBuilder().key(key).build());
      }
    }
    List<CommonPrefix> common = prefixes.stream().map(SdkResponses::commonPrefix).toList();
    return SdkResponses.objectsPage(contents, common, null);
  }

  // ---- multipart --------------------------------------------------------------------------------

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    MultipartUpload stored =
        delegate().initiateMultipartUpload(request.toBuilder().key(escape(request.key())).build());
    return new MultipartUpload(stored.id(), request, stored.response());
  }

  @Override
  public void abortMultipartUpload(MultipartUpload upload) {
    delegate().abortMultipartUpload(stored(upload));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response =
        delegate()
            .completeMultipartUpload(
                stored(upload), request.toBuilder().key(escape(request.key())).build());
    return response.toBuilder().key(unescape(response.key())).build();
  }

  @Override
  public UploadPartResponse uploadMultipartPart(
      MultipartUpload upload, UploadPartRequest request, InputStream input) {
    return delegate()
        .uploadMultipartPart(
            stored(upload), request.toBuilder().key(escape(request.key())).build(), input);
  }

  @Override
  public List<Part> listMultipartUpload(MultipartUpload upload) {
    return delegate().listMultipartUpload(stored(upload));
  }

  @Override
  public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(
      String container) {
    return delegate().listMultipartUploads(container).stream()
        .map(u -> u.toBuilder().key(unescape(u.key())).build())
        .toList();
  }

  private static MultipartUpload stored(MultipartUpload upload) {
    CreateMultipartUploadRequest request = upload.request();
    return new MultipartUpload(
        upload.id(), request.toBuilder().key(escape(request.key())).build(), upload.response());
  }
}
