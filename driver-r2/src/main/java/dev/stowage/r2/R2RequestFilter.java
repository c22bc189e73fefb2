package dev.stowage.r2;

import java.util.Locale;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * Takes out of every request what R2 does not take, before it is signed, for the driver's own
 * requests and those made on {@link R2StorageDriver#client()} alike:
 *
 * <ul>
 *   <li>ACL headers ({@code x-amz-acl}, {@code x-amz-grant-*}): R2 does not implement ACLs. Access
 *       to its objects is granted by API tokens and by the bucket's public access, set in the
 *       Cloudflare dashboard.
 *   <li>The {@code LocationConstraint} {@code auto} that the SDK adds to a CreateBucket without one
 *       (it names the client's region): a bucket R2 should place itself goes without any.
 * </ul>
 */
final class R2RequestFilter implements ExecutionInterceptor {

  @Override
  public SdkRequest modifyRequest(
      Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
    if (context.request() instanceof CreateBucketRequest create) {
      CreateBucketConfiguration auto =
          CreateBucketConfiguration.builder().locationConstraint(R2Buckets.AUTO).build();
      if (auto.equals(create.createBucketConfiguration())) {
        return create.toBuilder()
            .createBucketConfiguration((CreateBucketConfiguration) null)
            .build();
      }
    }
    return context.request();
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
    SdkHttpRequest request = context.httpRequest();
    if (request.headers().keySet().stream().noneMatch(R2RequestFilter::isAclHeader)) {
      return request;
    }
    SdkHttpRequest.Builder stripped = request.toBuilder();
    request.headers().keySet().stream()
        .filter(R2RequestFilter::isAclHeader)
        .forEach(stripped::removeHeader);
    return stripped.build();
  }

  static boolean isAclHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("x-amz-acl") || n.startsWith("x-amz-grant-");
  }
}
