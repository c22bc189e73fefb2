package dev.stowage.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 operations a driver sends ("UploadPart", "PutObject", ...) and the most UploadPart
 * requests in flight at once.
 */
final class RequestRecorder implements ExecutionInterceptor {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger partsInFlight = new AtomicInteger();
  private final AtomicInteger mostPartsInFlight = new AtomicInteger();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    counts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    if (operation.equals("UploadPart")) {
      mostPartsInFlight.accumulateAndGet(partsInFlight.incrementAndGet(), Math::max);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  private void ended(ExecutionAttributes attributes) {
    if (operation(attributes).equals("UploadPart")) {
      partsInFlight.decrementAndGet();
    }
  }

  int count(String operation) {
    AtomicInteger n = counts.get(operation);
    return n == null ? 0 : n.get();
  }

  int mostPartsInFlight() {
    return mostPartsInFlight.get();
  }

  void reset() {
    counts.clear();
    mostPartsInFlight.set(0);
  }

  private static String operation(ExecutionAttributes attributes) {
    String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    return name == null ? "?" : name;
  }
}
