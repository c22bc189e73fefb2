package dev.stowage.s3;

import java.net.UnknownHostException;

/**
 * A connection refused by the host's {@link dev.stowage.spi.EndpointPolicy} before any packet was
 * sent. An {@link UnknownHostException} because that is what a resolver may throw; {@link S3Errors}
 * tells it from a real lookup failure and reports it as CONFIG_INVALID. Its message is ours alone.
 */
final class RefusedEndpointException extends UnknownHostException {

  private static final long serialVersionUID = 1L;

  RefusedEndpointException(String message) {
    super(message);
  }
}
