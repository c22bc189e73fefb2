package dev.stowage.s3;

import dev.stowage.StorageException;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Turns {@link S3Settings} into SDK clients, with the settings S3-compatible servers need: path-
 * style requests when an endpoint is set, and checksums only where an operation requires one (SDK
 * 2.30+ adds CRC32 and aws-chunked bodies by default, which many compatible stores refuse).
 */
final class S3ClientFactory {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private S3ClientFactory() {}

  /**
   * {@code credentials=default-chain} borrows this server's own AWS identity (its instance or task
   * role): only the host may allow that, not whoever fills in the settings.
   */
  static void checkHostCredentials(S3Settings settings, DriverContext context) {
    if (settings.defaultChain() && !context.hostCredentialsAllowed()) {
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "Setting 'credentials=default-chain' would use this server's own AWS identity, which"
              + " only the host can allow: open the store with"
              + " DriverContext.builder().allowHostCredentials(true)");
    }
  }

  /**
   * The configured keys ({@code credentials=static}), or, only when the settings ask for it ({@code
   * credentials=default-chain}), the host's AWS default chain, resolved lazily, per request.
   */
  static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.defaultChain()) {
      return new DefaultChainCredentials(DefaultCredentialsProvider.builder().build());
    }
    String id = settings.accessKeyId().reveal();
    String secret = settings.secretAccessKey().reveal();
    return StaticCredentialsProvider.create(
        settings.sessionToken() == null
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, settings.sessionToken().reveal()));
  }

  /**
   * The HTTP client ({@link GuardedHttpClient}): every connection goes to an address that {@code
   * policy} allows (see {@link GuardedDnsResolver}), never through a system or SOCKS proxy (a proxy
   * would resolve and connect where the policy cannot look), and every request path goes on the
   * wire as the SDK signed it. Close the returned client with the S3 client.
   */
  static SdkHttpClient httpClient(EndpointPolicy policy, NameLookup lookup) {
    return GuardedHttpClient.create(
        new GuardedDnsResolver(policy, lookup), CONNECT_TIMEOUT, SOCKET_TIMEOUT);
  }

  /**
   * As above, with a pool large enough for every part thread of the store on top of the SDK's
   * default 50 connections for callers' own requests: parallel parts never wait for a connection
   * that a caller's request holds, nor starve one.
   */
  static SdkHttpClient httpClient(EndpointPolicy policy, NameLookup lookup, S3Settings settings) {
    return GuardedHttpClient.create(
        new GuardedDnsResolver(policy, lookup),
        CONNECT_TIMEOUT,
        SOCKET_TIMEOUT,
        GuardedHttpClient.MAX_CONNECTIONS + PartThreads.threads(settings));
  }

  /**
   * Fails with CONFIG_INVALID when the endpoint is written as an address the policy refuses; a host
   * name is checked when it resolves, at each connection.
   */
  static void checkEndpoint(URI endpoint, EndpointPolicy policy) {
    if (endpoint == null) {
      return;
    }
    policy
        .refusal(endpoint.getHost())
        .ifPresent(
            refusal -> {
              throw StorageException.of(
                  StorageException.Code.CONFIG_INVALID,
                  "Setting '" + S3DriverProvider.ENDPOINT + "' is refused: " + refusal);
            });
  }

  static S3Client client(
      S3Settings settings,
      AwsCredentialsProvider credentials,
      SdkHttpClient httpClient,
      List<ExecutionInterceptor> interceptors) {
    return client(settings, S3Dialect.amazon(), credentials, httpClient, interceptors);
  }

  /**
   * A client in a provider's dialect: its interceptors run after {@code interceptors}, and it says
   * whether bodies may go {@code aws-chunked} and whether checksums are sent only when required.
   */
  static S3Client client(
      S3Settings settings,
      S3Dialect dialect,
      AwsCredentialsProvider credentials,
      SdkHttpClient httpClient,
      List<ExecutionInterceptor> interceptors) {
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .httpClient(httpClient)
            .overrideConfiguration(
                o -> {
                  interceptors.forEach(o::addExecutionInterceptor);
                  dialect.interceptors().forEach(o::addExecutionInterceptor);
                });
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
    }
    if (dialect.checksumsOnlyWhenRequired(settings.amazonEndpoint())) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (!dialect.chunkedEncoding()) {
      // Bodies go as they are, signed whole (over plain HTTP) or UNSIGNED-PAYLOAD (over HTTPS),
      // never as aws-chunked streams with chunk signatures or trailing checksums.
      builder.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    }
    return builder.build();
  }
}
