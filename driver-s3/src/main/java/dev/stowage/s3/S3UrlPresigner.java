package dev.stowage.s3;

import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned URLs from the AWS SDK's {@link S3Presigner}: it builds the request (endpoint, path or
 * virtual-host style, key encoding, response-header overrides, a bound Content-Type), and the SDK's
 * own SigV4 signer signs it.
 *
 * <p>One thing is ours: the time. {@code S3Presigner} signs at {@code Instant.now()}, while a
 * driver must take "now" from its context clock (the kit moves it to make expired URLs). So each
 * request carries a signer that runs the SDK's {@link AwsV4HttpSigner} with the same properties
 * {@code S3Presigner} uses, at the context clock's time. That hook is the SDK's request-level
 * {@code signer} override, deprecated in favour of auth schemes that cannot be handed a clock per
 * request; it stays inside this class, which a later signer of our own replaces.
 */
final class S3UrlPresigner implements ObjectUrlPresigner {

  private final S3Presigner presigner;
  private final AwsCredentialsProvider credentials;
  private final String bucket;
  private final String region;
  private final Clock clock;

  S3UrlPresigner(
      S3Presigner presigner,
      AwsCredentialsProvider credentials,
      String bucket,
      String region,
      Clock clock) {
    this.presigner = presigner;
    this.credentials = credentials;
    this.bucket = bucket;
    this.region = region;
    this.clock = clock;
  }

  @Override
  public PresignedRequest presign(PresignRequest request) {
    // Whole seconds: X-Amz-Date has no fraction, and the expiry reported must be the one signed.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Duration ttl = request.ttl();
    AwsRequestOverrideConfiguration signAtNow =
        AwsRequestOverrideConfiguration.builder().signer(new ClockSigner(now, ttl)).build();
    software.amazon.awssdk.awscore.presigner.PresignedRequest presigned;
    try {
      presigned =
          switch (request.method()) {
            case GET -> {
              GetObjectRequest.Builder get =
                  GetObjectRequest.builder()
                      .bucket(bucket)
                      .key(request.key())
                      .overrideConfiguration(signAtNow);
              request.responseContentDisposition().ifPresent(get::responseContentDisposition);
              request.responseContentType().ifPresent(get::responseContentType);
              yield presigner.presignGetObject(
                  b -> b.signatureDuration(ttl).getObjectRequest(get.build()));
            }
            case HEAD -> {
              HeadObjectRequest.Builder head =
                  HeadObjectRequest.builder()
                      .bucket(bucket)
                      .key(request.key())
                      .overrideConfiguration(signAtNow);
              request.responseContentDisposition().ifPresent(head::responseContentDisposition);
              request.responseContentType().ifPresent(head::responseContentType);
              yield presigner.presignHeadObject(
                  b -> b.signatureDuration(ttl).headObjectRequest(head.build()));
            }
            case PUT -> {
              PutObjectRequest.Builder put =
                  PutObjectRequest.builder()
                      .bucket(bucket)
                      .key(request.key())
                      .overrideConfiguration(signAtNow);
              // A bound Content-Type is a signed header: sending another one breaks the signature.
              request.contentType().ifPresent(put::contentType);
              yield presigner.presignPutObject(
                  b -> b.signatureDuration(ttl).putObjectRequest(put.build()));
            }
            case DELETE ->
                presigner.presignDeleteObject(
                    b ->
                        b.signatureDuration(ttl)
                            .deleteObjectRequest(
                                DeleteObjectRequest.builder()
                                    .bucket(bucket)
                                    .key(request.key())
                                    .overrideConfiguration(signAtNow)
                                    .build()));
          };
    } catch (SdkException e) {
      throw S3Errors.map(e, "Presigning");
    }
    return new PresignedRequest(
        request.method(), toUri(presigned), headersToSend(presigned), now.plus(ttl));
  }

  @Override
  public void close() {
    presigner.close();
  }

  /** The signed headers a client must send besides Host, which every HTTP client sets. */
  private static Map<String, String> headersToSend(
      software.amazon.awssdk.awscore.presigner.PresignedRequest presigned) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : presigned.signedHeaders().entrySet()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("host") || h.getValue().isEmpty()) {
        continue;
      }
      headers.put(displayName(name), String.join(",", h.getValue()));
    }
    return headers;
  }

  /** {@code content-type} as {@code Content-Type}: signed names are lower case, HTTP's are not. */
  private static String displayName(String name) {
    StringBuilder s = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      s.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return s.toString();
  }

  private static URI toUri(software.amazon.awssdk.awscore.presigner.PresignedRequest p) {
    try {
      return p.url().toURI();
    } catch (URISyntaxException e) {
      throw StorageException.builder(
              StorageException.Code.UNEXPECTED, "The SDK built a presigned URL that is no URI")
          .cause(e)
          .build();
    }
  }

  /**
   * Signs like {@code S3Presigner} does (query-string SigV4, unsigned payload, no path
   * normalisation or double encoding), at a time we choose.
   */
  @SuppressWarnings("deprecation")
  private final class ClockSigner
      implements software.amazon.awssdk.core.signer.Signer,
          software.amazon.awssdk.core.signer.Presigner {

    private final Instant signingTime;
    private final Duration ttl;

    ClockSigner(Instant signingTime, Duration ttl) {
      this.signingTime = signingTime;
      this.ttl = ttl;
    }

    @Override
    public SdkHttpFullRequest presign(SdkHttpFullRequest request, ExecutionAttributes attributes) {
      AwsCredentialsIdentity identity = credentials.resolveCredentials();
      SignedRequest signed =
          AwsV4HttpSigner.create()
              .sign(
                  r ->
                      r.identity(identity)
                          .request(request)
                          .payload(request.contentStreamProvider().orElse(null))
                          .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                          .putProperty(
                              AwsV4FamilyHttpSigner.AUTH_LOCATION,
                              AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                          .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                          .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, ttl)
                          .putProperty(
                              HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC))
                          .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                          .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false));
      SdkHttpFullRequest.Builder out =
          SdkHttpFullRequest.builder()
              .protocol(signed.request().protocol())
              .method(signed.request().method())
              .host(signed.request().host())
              .port(signed.request().port())
              .encodedPath(signed.request().encodedPath())
              .contentStreamProvider(signed.payload().orElse(null));
      signed.request().forEachHeader(out::putHeader);
      signed.request().forEachRawQueryParameter(out::putRawQueryParameter);
      return out.build();
    }

    @Override
    public SdkHttpFullRequest sign(SdkHttpFullRequest request, ExecutionAttributes attributes) {
      throw new UnsupportedOperationException("This signer only presigns");
    }
  }
}
