package dev.stowage.s3;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Credentials the test hands out in turn, as STS or an instance role rotates them. */
final class RotatingCredentials implements AwsCredentialsProvider {

  private final AtomicInteger resolved = new AtomicInteger();
  private volatile AwsCredentials current;

  RotatingCredentials(AwsCredentials first) {
    this.current = first;
  }

  void rotateTo(AwsCredentials next) {
    current = next;
  }

  /** How many times the credentials were asked for. */
  int resolved() {
    return resolved.get();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    resolved.incrementAndGet();
    return current;
  }
}
