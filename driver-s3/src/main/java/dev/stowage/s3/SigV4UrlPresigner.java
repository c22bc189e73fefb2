package dev.stowage.s3;

import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.s3.sigv4.S3Endpoint;
import dev.stowage.s3.sigv4.S3PostPolicy;
import dev.stowage.s3.sigv4.SigV4Presigner;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Presigned URLs from our own {@link SigV4Presigner}: byte-identical to the AWS SDK's, at a
 * fraction of the cost, and signed at the driver's context clock. Credentials are resolved from
 * their provider on each call (cheap: providers cache them), never frozen at open, so rotated
 * temporary credentials take effect at once; the presigner (and the signing key it derived) is
 * replaced when the key, secret or token changes. A link signed with temporary credentials dies
 * with them: its reported expiry is the earlier of the TTL's end and the credentials' expiration.
 */
final class SigV4UrlPresigner implements ObjectUrlPresigner {

  private final AwsCredentialsProvider credentials;
  private final String bucket;
  private final String region;
  private final S3Endpoint endpoint;
  private final Clock clock;
  private volatile Signer current;

  /** A signer bound to one set of credentials. */
  private record Signer(
      AwsCredentials credentials,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      SigV4Presigner presigner) {

    /** Whether these are the credentials it signs with (the same object, or equal values). */
    boolean signsWith(AwsCredentials resolved, String token) {
      return credentials == resolved
          || (accessKeyId.equals(resolved.accessKeyId())
              && secretAccessKey.equals(resolved.secretAccessKey())
              && Objects.equals(sessionToken, token));
    }
  }

  SigV4UrlPresigner(
      AwsCredentialsProvider credentials, String bucket, String region, URI endpoint, Clock clock) {
    this.credentials = credentials;
    this.bucket = bucket;
    // Path-style for any endpoint override, as the S3 client is configured; AWS's host for the
    // region's partition otherwise, decided once here.
    this.region = S3Endpoint.awsSigningRegion(region);
    this.endpoint = endpoint == null ? S3Endpoint.aws(region) : S3Endpoint.of(endpoint, true);
    this.clock = clock;
  }

  @Override
  public PresignedRequest presign(PresignRequest request) {
    AwsCredentials resolved = credentials.resolveCredentials();
    SigV4Presigner presigner = signerFor(resolved);
    // One clock read for both the URL and the expiry reported beside it.
    Instant signedAt = presigner.now();
    String url =
        presigner.presignAt(
            signedAt.getEpochSecond(),
            request.method().name(),
            bucket,
            request.key(),
            request.ttl().toSeconds(),
            request.responseContentDisposition().orElse(null),
            request.responseContentType().orElse(null),
            request.contentType().orElse(null));
    // A bound Content-Type is a signed header: the uploader must send exactly this one.
    Map<String, String> headers =
        request.contentType().map(t -> Map.of("Content-Type", t)).orElse(Map.of());
    return new PresignedRequest(
        request.method(), url, headers, expiry(signedAt.plus(request.ttl()), resolved));
  }

  @Override
  public PresignedPost presignPost(PostPolicyRequest request) {
    AwsCredentials resolved = credentials.resolveCredentials();
    SigV4Presigner presigner = signerFor(resolved);
    S3PostPolicy.Signed signed =
        presigner.signPostPolicy(
            new S3PostPolicy(
                bucket,
                request.key(),
                request.keyIsPrefix(),
                request.minBytes(),
                request.maxBytes(),
                request.contentTypePrefix().orElse(null),
                request.ttl(),
                request.metadata(),
                request.serverSideEncryption().orElse(null)));
    return new PresignedPost(signed.url(), signed.fields(), expiry(signed.expiresAt(), resolved));
  }

  /** The link's true end: the TTL's, or the credentials' expiration if that comes first. */
  private static Instant expiry(Instant ttlEnds, AwsCredentials resolved) {
    Optional<Instant> expiration = resolved.expirationTime();
    return expiration.filter(e -> e.isBefore(ttlEnds)).orElse(ttlEnds);
  }

  private SigV4Presigner signerFor(AwsCredentials resolved) {
    String token =
        resolved instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
    Signer s = current;
    if (s == null || !s.signsWith(resolved, token)) {
      s =
          new Signer(
              resolved,
              resolved.accessKeyId(),
              resolved.secretAccessKey(),
              token,
              new SigV4Presigner(
                  resolved.accessKeyId(),
                  resolved.secretAccessKey(),
                  token,
                  region,
                  "s3",
                  endpoint,
                  clock));
      current = s;
    }
    return s.presigner();
  }

  @Override
  public void close() {}
}
