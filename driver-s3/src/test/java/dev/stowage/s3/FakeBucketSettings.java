package dev.stowage.s3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketCorsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.GetPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.OwnershipControls;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.PutBucketCorsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketOwnershipControlsResponse;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;

/**
 * A bucket's five security settings held in memory behind the {@link S3Client} interface, with S3's
 * "not configured" 404s, a denied operation on request, and a read-back that lags one read behind a
 * change, as S3's eventually consistent bucket configuration can. For the hardener's logic; the
 * wire format of these calls is asserted elsewhere (WireMock).
 */
final class FakeBucketSettings implements S3Client {

  PublicAccessBlockConfiguration publicAccessBlock;
  OwnershipControls ownership;
  ServerSideEncryptionConfiguration encryption;
  List<LifecycleRule> lifecycle;
  List<CORSRule> cors;

  /** Operations ("PutBucketEncryption") answered with 403 AccessDenied. */
  final Set<String> denied = new HashSet<>();

  /** Every operation called, in order. */
  final List<String> calls = new ArrayList<>();

  /** When set, the first read after each change still shows the old value. */
  boolean lagging;

  private final Set<String> stale = new HashSet<>();

  private void call(String operation) {
    calls.add(operation);
    if (denied.contains(operation)) {
      throw error(403, "AccessDenied");
    }
  }

  private boolean staleRead(String setting) {
    return stale.remove(setting);
  }

  private void changed(String setting) {
    if (lagging) {
      stale.add(setting);
    }
  }

  private static S3Exception error(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
            .build();
  }

  @Override
  public GetPublicAccessBlockResponse getPublicAccessBlock(GetPublicAccessBlockRequest r) {
    call("GetPublicAccessBlock");
    if (publicAccessBlock == null || staleRead("pab")) {
      throw error(404, "NoSuchPublicAccessBlockConfiguration");
    }
    return GetPublicAccessBlockResponse.builder()
        .publicAccessBlockConfiguration(publicAccessBlock)
        .build();
  }

  @Override
  public PutPublicAccessBlockResponse putPublicAccessBlock(PutPublicAccessBlockRequest r) {
    call("PutPublicAccessBlock");
    publicAccessBlock = r.publicAccessBlockConfiguration();
    changed("pab");
    return PutPublicAccessBlockResponse.builder().build();
  }

  @Override
  public GetBucketOwnershipControlsResponse getBucketOwnershipControls(
      GetBucketOwnershipControlsRequest r) {
    call("GetBucketOwnershipControls");
    if (ownership == null || staleRead("ownership")) {
      throw error(404, "OwnershipControlsNotFoundError");
    }
    return GetBucketOwnershipControlsResponse.builder().ownershipControls(ownership).build();
  }

  @Override
  public PutBucketOwnershipControlsResponse putBucketOwnershipControls(
      PutBucketOwnershipControlsRequest r) {
    call("PutBucketOwnershipControls");
    ownership = r.ownershipControls();
    changed("ownership");
    return PutBucketOwnershipControlsResponse.builder().build();
  }

  @Override
  public GetBucketEncryptionResponse getBucketEncryption(GetBucketEncryptionRequest r) {
    call("GetBucketEncryption");
    if (encryption == null || staleRead("encryption")) {
      throw error(404, "ServerSideEncryptionConfigurationNotFoundError");
    }
    return GetBucketEncryptionResponse.builder()
        .serverSideEncryptionConfiguration(encryption)
        .build();
  }

  @Override
  public PutBucketEncryptionResponse putBucketEncryption(PutBucketEncryptionRequest r) {
    call("PutBucketEncryption");
    encryption = r.serverSideEncryptionConfiguration();
    changed("encryption");
    return PutBucketEncryptionResponse.builder().build();
  }

  @Override
  public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
      GetBucketLifecycleConfigurationRequest r) {
    call("GetBucketLifecycleConfiguration");
    if (lifecycle == null || staleRead("lifecycle")) {
      throw error(404, "NoSuchLifecycleConfiguration");
    }
    return GetBucketLifecycleConfigurationResponse.builder().rules(lifecycle).build();
  }

  @Override
  public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
      PutBucketLifecycleConfigurationRequest r) {
    call("PutBucketLifecycleConfiguration");
    lifecycle = List.copyOf(r.lifecycleConfiguration().rules());
    changed("lifecycle");
    return PutBucketLifecycleConfigurationResponse.builder().build();
  }

  @Override
  public GetBucketCorsResponse getBucketCors(GetBucketCorsRequest r) {
    call("GetBucketCors");
    if (cors == null || staleRead("cors")) {
      throw error(404, "NoSuchCORSConfiguration");
    }
    return GetBucketCorsResponse.builder().corsRules(cors).build();
  }

  @Override
  public PutBucketCorsResponse putBucketCors(PutBucketCorsRequest r) {
    call("PutBucketCors");
    cors = List.copyOf(r.corsConfiguration().corsRules());
    changed("cors");
    return PutBucketCorsResponse.builder().build();
  }

  List<String> puts() {
    return calls.stream().filter(c -> c.startsWith("Put")).toList();
  }

  @Override
  public String serviceName() {
    return "s3";
  }

  @Override
  public void close() {}
}
