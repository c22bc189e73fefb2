package dev.stowage.testkit.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.SdkResponses;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Lists in AWS's order. S3Proxy's filesystem store sorts keys with {@code String.compareTo}, which
 * compares UTF-16 units and puts U+FF61 after U+1F600; S3 sorts by UTF-8 bytes, which is code point
 * order. A driver cannot repair that across pages, so the embedded server does, and the kit's order
 * test holds it to S3's rule.
 *
 * <p>The filesystem store builds every listing from the whole prefix (it walks the directories), so
 * the objects under a prefix are read once, sorted once and kept until the next write ({@link
 * ListingSnapshots}); each page of ListObjectsV2 and ListObjects (V1) is cut from them, with the
 * delimiter applied here ({@link SortedListingPage}). Continuation tokens are the last name
 * returned, base64url-encoded (opaque, as AWS's are); V1's NextMarker is that name itself.
 */
final class Utf8OrderBlobStore extends ForwardingBlobStore {

  private final ListingSnapshots snapshots = new ListingSnapshots();

  Utf8OrderBlobStore(BlobStore delegate) {
    super(delegate);
  }

  // ---- listing ----------------------------------------------------------------------------------

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    String marker =
        request.continuationToken() != null
            ? fromToken(request.continuationToken())
            : request.startAfter();
    SortedListingPage page = page(request, marker);
    String next = page.truncated() ? toToken(page.lastName()) : null;
    return SdkResponses.objectsPage(page.contents(), page.commonPrefixes(), next);
  }

  @Override
  public ListObjectsResponse listV1(ListObjectsRequest request) {
    ListObjectsV2Request v2 =
        ListObjectsV2Request.builder()
            .bucket(request.bucket())
            .prefix(request.prefix())
            .delimiter(request.delimiter())
            .maxKeys(request.maxKeys())
            .build();
    SortedListingPage page = page(v2, request.marker());
    // The last name in UTF-8 order: S3Proxy's own V1 adapter picks it by String order.
    return ListObjectsResponse.builder()
        .contents(page.contents())
        .commonPrefixes(page.commonPrefixes())
        .isTruncated(page.truncated())
        .nextMarker(page.truncated() ? page.lastName() : null)
        .build();
  }

  private SortedListingPage page(ListObjectsV2Request request, String marker) {
    String prefix = request.prefix() == null ? "" : request.prefix();
    List<S3Object> sorted =
        snapshots.sorted(
            request.bucket(),
            prefix,
            (bucket, under) ->
                delegate()
                    .list(
                        request.toBuilder()
                            .prefix(under.isEmpty() ? null : under)
                            .delimiter(null)
                            .continuationToken(null)
                            .startAfter(null)
                            .maxKeys(null)
                            .build())
                    .contents());
    return SortedListingPage.cut(sorted, prefix, marker, request.delimiter(), request.maxKeys());
  }

  /**
   * An opaque continuation token, as AWS's are: the last key in base64url. A raw key would go into
   * the XML answer as it is, and a key with a control character cannot be written in XML 1.0.
   */
  private static String toToken(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(UTF_8));
  }

  private static String fromToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Exceptions.invalidArgument("The continuation token provided is incorrect");
    }
  }

  // ---- every change drops the sorted snapshots, once the store has it ---------------------------

  private <T> T changing(Supplier<T> change) {
    try {
      return change.get();
    } finally {
      snapshots.invalidate();
    }
  }

  private void changing(Runnable change) {
    try {
      change.run();
    } finally {
      snapshots.invalidate();
    }
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    return changing(() -> super.createContainer(request));
  }

  @Override
  public void setContainerAccess(String container, BucketCannedACL access) {
    changing(() -> super.setContainerAccess(container, access));
  }

  @Override
  public void clearContainer(ListObjectsV2Request request) {
    changing(() -> super.clearContainer(request));
  }

  @Override
  public void deleteContainer(String container) {
    changing(() -> super.deleteContainer(container));
  }

  @Override
  public void deleteBucket(String container) {
    changing(() -> super.deleteBucket(container));
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
    return changing(() -> super.putBlob(request, input));
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return changing(() -> super.copyBlob(request));
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return changing(() -> super.removeBlob(request));
  }

  @Override
  public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
    return changing(() -> super.removeBlobs(request));
  }

  @Override
  public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
    return changing(() -> super.putBucketVersioning(request));
  }

  @Override
  public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest request) {
    return changing(() -> super.putBucketEncryption(request));
  }

  @Override
  public DeleteBucketEncryptionResponse deleteBucketEncryption(
      DeleteBucketEncryptionRequest request) {
    return changing(() -> super.deleteBucketEncryption(request));
  }

  @Override
  public void setBlobAccess(String container, String key, ObjectCannedACL access) {
    changing(() -> super.setBlobAccess(container, key, access));
  }

  @Override
  public void setBlobAccess(
      String container, String key, ObjectCannedACL access, String versionId) {
    changing(() -> super.setBlobAccess(container, key, access, versionId));
  }

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    return changing(() -> super.initiateMultipartUpload(request));
  }

  @Override
  public void abortMultipartUpload(MultipartUpload upload) {
    changing(() -> super.abortMultipartUpload(upload));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    return changing(() -> super.completeMultipartUpload(upload, request));
  }

  @Override
  public UploadPartResponse uploadMultipartPart(
      MultipartUpload upload, UploadPartRequest request, InputStream input) {
    return changing(() -> super.uploadMultipartPart(upload, request, input));
  }

  @Override
  public UploadPartCopyResponse copyMultipartPart(
      MultipartUpload upload, UploadPartCopyRequest request) {
    return changing(() -> super.copyMultipartPart(upload, request));
  }
}
