package dev.stowage.testkit.s3;

import java.io.InputStream;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The embedded server as an IAM user with {@code S3Policies.DOWNLOAD_ONLY} sees it: {@code
 * s3:GetObject} on the objects and nothing else. Reads of existing objects work; a read of a key
 * that does not exist gets 403 AccessDenied, as AWS answers without {@code s3:ListBucket}; every
 * other operation (list, write, delete, multipart, bucket calls) gets AWS's 403 AccessDenied. One
 * difference remains: S3Proxy asks whether the bucket exists before object requests, so that
 * question (and HeadBucket with it) is answered rather than denied.
 */
final class DownloadOnlyBlobStore extends ForwardingBlobStore {

  DownloadOnlyBlobStore(BlobStore delegate) {
    super(delegate);
  }

  /** AWS's refusal: 403, code AccessDenied, message "Access Denied". */
  static S3Exception accessDenied() {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(403)
            .message("Access Denied")
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("AccessDenied")
                    .errorMessage("Access Denied")
                    .serviceName("S3")
                    .build())
            .build();
  }

  // ---- allowed: s3:GetObject
  // ---------------------------------------------------------------------

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    try {
      return delegate().getBlob(request);
    } catch (S3Exception e) {
      throw e.statusCode() == 404 ? accessDenied() : e;
    }
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    try {
      return delegate().blobMetadata(request);
    } catch (S3Exception e) {
      throw e.statusCode() == 404 ? accessDenied() : e;
    }
  }

  @Override
  public boolean containerExists(String container) {
    return delegate().containerExists(container);
  }

  // ---- denied: everything else
  // --------------------------------------------------------------------

  @Override
  public ListBucketsResponse list() {
    throw accessDenied();
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    throw accessDenied();
  }

  @Override
  public ListObjectVersionsResponse listVersions(ListObjectVersionsRequest request) {
    throw accessDenied();
  }

  @Override
  public HeadBucketResponse headBucket(HeadBucketRequest request) {
    throw accessDenied();
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    throw accessDenied();
  }

  @Override
  public void deleteContainer(String container) {
    throw accessDenied();
  }

  @Override
  public void deleteBucket(String container) {
    throw accessDenied();
  }

  @Override
  public void setContainerAccess(String container, BucketCannedACL access) {
    throw accessDenied();
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
    throw accessDenied();
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    throw accessDenied();
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    throw accessDenied();
  }

  @Override
  public void setBlobAccess(String container, String key, ObjectCannedACL access) {
    throw accessDenied();
  }

  @Override
  public void setBlobAccess(
      String container, String key, ObjectCannedACL access, String versionId) {
    throw accessDenied();
  }

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    throw accessDenied();
  }

  @Override
  public void abortMultipartUpload(MultipartUpload upload) {
    throw accessDenied();
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    throw accessDenied();
  }

  @Override
  public UploadPartResponse uploadMultipartPart(
      MultipartUpload upload, UploadPartRequest request, InputStream input) {
    throw accessDenied();
  }

  @Override
  public List<Part> listMultipartUpload(MultipartUpload upload) {
    throw accessDenied();
  }

  @Override
  public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(
      String container) {
    throw accessDenied();
  }
}
