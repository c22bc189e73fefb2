package dev.stowage.testkit.s3;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedS3Server} per test class: started before the first test, stopped (and its
 * directory deleted) after the last, nested classes included.
 *
 * <pre>{@code
 * class AcmeS3Test {
 *   @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();
 *
 *   @Test
 *   void works() {
 *     String bucket = S3.newBucket();
 *     URI endpoint = S3.server().endpoint();
 *   }
 * }
 * }</pre>
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback {

  private final AtomicInteger buckets = new AtomicInteger();
  private EmbeddedS3Server server;
  private String startedBy;

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    // Nested classes inherit the extension and call this again: keep the outer class's server.
    if (server == null) {
      server = EmbeddedS3Server.start();
      startedBy = context.getUniqueId();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (server != null && context.getUniqueId().equals(startedBy)) {
      try {
        server.close();
      } finally {
        server = null;
        startedBy = null;
      }
    }
  }

  /** The running server; only between the class's first and last test. */
  public synchronized EmbeddedS3Server server() {
    if (server == null) {
      throw new IllegalStateException(
          "The embedded S3 server runs only while the test class does: register the extension"
              + " with @RegisterExtension on a static field");
    }
    return server;
  }

  /** Creates a bucket with a name no other test of this server uses, and returns the name. */
  public String newBucket() {
    String name =
        "test-"
            + buckets.incrementAndGet()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    return server().createBucket(name);
  }
}
