package dev.stowage.s3;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.IoUtils;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS default chain, chosen explicitly with {@code credentials=default-chain}. When it finds
 * nothing, the failure says so in words of our own and carries a {@link NotFound} cause, so {@link
 * S3Errors} reports CONFIG_INVALID (not an endpoint that did not answer) and no text from the
 * chain's sources (an instance or container credentials endpoint) reaches a message.
 */
final class DefaultChainCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

  static final String MESSAGE =
      "No AWS credentials found in the default chain (environment variables, system properties,"
          + " ~/.aws files, container or instance role); set accessKeyId and secretAccessKey with"
          + " credentials=static, or give this host credentials";

  private final AwsCredentialsProvider chain;

  DefaultChainCredentials(AwsCredentialsProvider chain) {
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return chain.resolveCredentials();
    } catch (SdkException e) {
      throw SdkClientException.builder().message(MESSAGE).cause(new NotFound()).build();
    }
  }

  @Override
  public void close() {
    IoUtils.closeIfCloseable(chain, null);
  }

  /** Marks a failure as "no credentials"; the chain's own exception is left out on purpose. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super(MESSAGE, null, false, false);
    }
  }
}
