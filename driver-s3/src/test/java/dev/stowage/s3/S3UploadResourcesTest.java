package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.Capabilities;
import dev.stowage.ObjectContent;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.DriverContext;
import dev.stowage.testkit.GeneratedInputStream;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * What a store holds while it uploads: one memory budget for all its uploads, one set of part
 * threads that goes with the store, and nothing left open when opening fails halfway.
 */
class S3UploadResourcesTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final long MIB = 1024 * 1024;
  private static final DriverContext LOOPBACK = TestConfigs.loopback();

  /** Remembers the threads UploadPart requests run on. */
  private static final class PartThreadNames implements ExecutionInterceptor {
    final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      names.add(Thread.currentThread().getName());
    }
  }

  private static List<Thread> aliveNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }

  @Test
  @DisplayName(
      "six concurrent uploads (sized and of unknown length) never hold more than uploadMemory"
          + " together; the part threads are gone once the store closes")
  void concurrentUploadsShareOneBudget() {
    String bucket = S3.newBucket();
    PartThreadNames threads = new PartThreadNames();
    // Alone, each upload could hold 4 parts of 5 MiB: six at once 120 MiB. Together: 15 MiB.
    Store store =
        Store.open(
            new S3DriverProvider(List.of(threads)),
            TestConfigs.embedded(S3.server(), bucket)
                .set(S3DriverProvider.PART_SIZE, "5MiB")
                .set(S3DriverProvider.PARTS_IN_FLIGHT, "4")
                .set(S3DriverProvider.MULTIPART_THRESHOLD, "5MiB")
                .set(S3DriverProvider.UPLOAD_MEMORY, "15MiB")
                .build(),
            TestConfigs.loopback());
    S3StorageDriver driver = store.unwrap(S3StorageDriver.class);
    String prefix = driver.partThreadNamePrefix();
    long size = 23 * MIB;
    assertTimeoutPreemptively(
        Duration.ofSeconds(240),
        () -> {
          ExecutorService callers = Executors.newFixedThreadPool(6);
          try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
              int n = i;
              uploads.add(
                  callers.submit(
                      () ->
                          n % 2 == 0
                              ? store.upload(
                                  UploadRequest.of("up/" + n + ".bin"),
                                  GeneratedInputStream.of(size, n))
                              : store.upload(
                                  UploadRequest.of("up/" + n + ".bin"),
                                  GeneratedInputStream.of(size, n),
                                  size)));
            }
            for (Future<?> upload : uploads) {
              upload.get();
            }
          } finally {
            callers.shutdownNow();
          }
        });
    try {
      assertThat(driver.peakBufferedBytes())
          .as("bytes all uploads held at once")
          .isLessThanOrEqualTo(15 * MIB)
          .isGreaterThanOrEqualTo(10 * MIB);
      for (int i = 0; i < 6; i++) {
        try (ObjectContent content = store.download("up/" + i + ".bin")) {
          assertThat(GeneratedInputStream.sha256(content.stream()))
              .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, i)));
        }
      }
      assertThat(threads.names).anyMatch(name -> name.startsWith(prefix));
    } finally {
      store.close();
    }
    assertThat(aliveNamed(prefix)).as("part threads after close").isEmpty();
  }

  @Test
  @DisplayName("an upload memory smaller than one upload needs is refused when the store opens")
  void budgetBelowOneUploadIsRefused() {
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                Store.open(
                        new S3DriverProvider(),
                        TestConfigs.embedded(S3.server(), "any")
                            .set(S3DriverProvider.PART_SIZE, "8MiB")
                            .set(S3DriverProvider.UPLOAD_MEMORY, "4MiB")
                            .build(),
                        TestConfigs.loopback())
                    .close());
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.getMessage()).contains(S3DriverProvider.UPLOAD_MEMORY);
  }

  /** An HTTP client that counts being closed. */
  private static final class CountingHttpClient implements SdkHttpClient {
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      throw new AssertionError("no request while opening");
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  /** Credentials that count being closed, as the default chain's provider is closeable. */
  private static final class CountingCredentials
      implements software.amazon.awssdk.auth.credentials.AwsCredentialsProvider, AutoCloseable {
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
      return AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  @DisplayName("when open fails after creating clients, what it created is closed")
  void failedOpenClosesWhatItOpened() {
    CountingHttpClient http = new CountingHttpClient();
    CountingCredentials credentials = new CountingCredentials();
    S3Dialect failing =
        new S3Dialect() {
          @Override
          public Capabilities capabilities(Capabilities amazonS3) {
            throw new IllegalStateException("a dialect that fails late");
          }
        };
    S3Settings settings =
        S3Settings.from(
            new S3DriverProvider()
                .configSchema()
                .resolve(TestConfigs.embedded(S3.server(), "any").build()));

    IllegalStateException e =
        catchThrowableOfType(
            IllegalStateException.class,
            () -> S3StorageDriver.open(settings, failing, LOOPBACK, List.of(), credentials, http));

    assertThat(e).hasMessageContaining("fails late");
    assertThat(http.closed).hasValue(1);
    // The SDK's clients close their credentials provider too: closed is all that counts.
    assertThat(credentials.closed.get()).isPositive();
  }

  @Test
  @DisplayName("closing a store closes its HTTP client (once) and the credentials it owns")
  void closeClosesEverything() {
    CountingHttpClient http = new CountingHttpClient();
    CountingCredentials credentials = new CountingCredentials();
    S3Settings settings =
        S3Settings.from(
            new S3DriverProvider()
                .configSchema()
                .resolve(TestConfigs.embedded(S3.server(), "any").build()));
    S3StorageDriver driver =
        S3StorageDriver.open(settings, S3Dialect.amazon(), LOOPBACK, List.of(), credentials, http);
    driver.close();
    assertThat(http.closed).hasValue(1);
    // The SDK's clients close their credentials provider too: closed is all that counts.
    assertThat(credentials.closed.get()).isPositive();
  }
}
