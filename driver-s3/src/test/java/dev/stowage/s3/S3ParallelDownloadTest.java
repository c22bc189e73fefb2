package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.GeneratedInputStream;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Downloads to a file against the embedded S3 server: parallel ranged GETs pinned to the ETag, and
 * nothing at the target (nor a temporary file) when one fails.
 */
class S3ParallelDownloadTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;

  private final RequestRecorder recorder = new RequestRecorder();
  private final GetRecorder gets = new GetRecorder();
  private String bucket;
  private Store store;

  @BeforeEach
  void openStore() {
    bucket = S3.newBucket();
    store = open(recorder, gets);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Store open(ExecutionInterceptor... interceptors) {
    return Store.open(
        new S3DriverProvider(List.of(interceptors)),
        TestConfigs.embedded(S3.server(), bucket)
            .set(S3DriverProvider.DOWNLOAD_THRESHOLD, "16MiB")
            .set(S3DriverProvider.DOWNLOAD_PART_SIZE, "8MiB")
            .set(S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT, "4")
            .build(),
        TestConfigs.loopback());
  }

  private S3Client client() {
    return store.unwrap(S3StorageDriver.class).client();
  }

  private void put(String key, long size, long seed) {
    store.upload(UploadRequest.of(key), GeneratedInputStream.of(size, seed), size);
    recorder.reset();
    gets.ranges.clear();
  }

  private static byte[] sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return GeneratedInputStream.sha256(in);
    }
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  @Test
  @DisplayName(
      "A 40 MiB object comes down as one HEAD and five 8 MiB ranged GETs, each with If-Match, at"
          + " most 4 in flight, byte for byte")
  void parallelParts() throws Exception {
    put("big.bin", 40 * MIB, 40);
    Path target = dir.resolve("big.bin");

    var info = store.download("big.bin", target);

    assertThat(info.size()).isEqualTo(40 * MIB);
    assertThat(sha256(target))
        .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(40 * MIB, 40)));
    assertThat(recorder.count("HeadObject")).isEqualTo(1);
    assertThat(recorder.count("GetObject")).isEqualTo(5);
    assertThat(gets.ranges)
        .containsExactlyInAnyOrder(
            "bytes=0-8388607",
            "bytes=8388608-16777215",
            "bytes=16777216-25165823",
            "bytes=25165824-33554431",
            "bytes=33554432-41943039");
    assertThat(gets.ifMatch).hasSize(5).allMatch(info.etag().orElseThrow()::equals);
    assertThat(gets.mostInFlight.get()).isBetween(1, 4);
    assertThat(filesInDir()).containsExactly("big.bin");
  }

  @Test
  @DisplayName("An object within the threshold is one GET, without a Range, with If-Match")
  void smallIsOneGet() throws Exception {
    put("small.bin", 10 * MIB, 10);
    Path target = dir.resolve("small.bin");

    store.download("small.bin", target);

    assertThat(sha256(target))
        .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(10 * MIB, 10)));
    assertThat(recorder.count("GetObject")).isEqualTo(1);
    assertThat(gets.ranges).isEmpty();
    assertThat(gets.ifMatch).hasSize(1);
  }

  @Test
  @DisplayName(
      "An overwrite after the first part fails the download with PRECONDITION_FAILED, leaving the"
          + " old target file as it was and no temporary file")
  void overwriteDuringDownload() throws Exception {
    AtomicBoolean overwritten = new AtomicBoolean();
    ExecutionInterceptor overwriteAfterFirstPart =
        new ExecutionInterceptor() {
          @Override
          public void afterExecution(
              Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetObjectRequest get
                && get.range() != null
                && overwritten.compareAndSet(false, true)) {
              client()
                  .putObject(
                      b -> b.bucket(bucket).key("changing.bin"),
                      RequestBody.fromBytes(new byte[] {1, 2, 3}));
            }
          }
        };
    store.close();
    store = open(recorder, gets, overwriteAfterFirstPart);
    put("changing.bin", 40 * MIB, 41);
    Path target = Files.write(dir.resolve("changing.bin"), new byte[] {9});

    StorageException e =
        catchThrowableOfType(StorageException.class, () -> store.download("changing.bin", target));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.PRECONDITION_FAILED);
    assertThat(overwritten).isTrue();
    assertThat(Files.readAllBytes(target)).containsExactly(9);
    assertThat(filesInDir()).containsExactly("changing.bin");
  }

  @Test
  @DisplayName(
      "A connection cut in the middle of a part fails the download with UNAVAILABLE: nothing at"
          + " the target and no temporary file")
  void connectionCut() throws Exception {
    AtomicInteger parts = new AtomicInteger();
    ExecutionInterceptor cutSecondPart =
        new ExecutionInterceptor() {
          @Override
          public Optional<InputStream> modifyHttpResponseContent(
              Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (context.request() instanceof GetObjectRequest get
                && get.range() != null
                && parts.incrementAndGet() == 2
                && body.isPresent()) {
              return Optional.of(new CutAfter(body.get(), MIB));
            }
            return body;
          }
        };
    store.close();
    store = open(recorder, gets, cutSecondPart);
    put("cut.bin", 40 * MIB, 42);
    Path target = dir.resolve("cut.bin");

    StorageException e =
        catchThrowableOfType(StorageException.class, () -> store.download("cut.bin", target));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(e.getMessage()).doesNotContain(dir.toString());
    assertThat(filesInDir()).isEmpty();
  }

  @Test
  @DisplayName(
      "A single GET whose bytes do not match the object's MD5 ETag fails with UNAVAILABLE and"
          + " leaves nothing at the target")
  void md5Mismatch() throws Exception {
    ExecutionInterceptor flipAByte =
        new ExecutionInterceptor() {
          @Override
          public Optional<InputStream> modifyHttpResponseContent(
              Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (context.request() instanceof GetObjectRequest && body.isPresent()) {
              return Optional.of(new FlipFirstByte(body.get()));
            }
            return body;
          }
        };
    store.close();
    store = open(recorder, gets, flipAByte);
    put("flipped.bin", MIB, 43);
    Path target = dir.resolve("flipped.bin");

    StorageException e =
        catchThrowableOfType(StorageException.class, () -> store.download("flipped.bin", target));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(e.getMessage()).contains("MD5");
    assertThat(filesInDir()).isEmpty();
  }

  @Test
  @DisplayName("A missing key is NOT_FOUND after one HEAD, with no GET and nothing written")
  void missingKey() throws Exception {
    StorageException e =
        catchThrowableOfType(
            StorageException.class, () -> store.download("absent.bin", dir.resolve("a.bin")));
    assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
    assertThat(recorder.count("GetObject")).isZero();
    assertThat(filesInDir()).isEmpty();
  }

  /**
   * Records each GET's Range and If-Match, and the most GETs in flight: from the request's start to
   * its body's close (the SDK's afterExecution comes before a streamed body is read).
   */
  static final class GetRecorder implements ExecutionInterceptor {
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final List<String> ifMatch = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof GetObjectRequest get) {
        if (get.range() != null) {
          ranges.add(get.range());
        }
        if (get.ifMatch() != null) {
          ifMatch.add(get.ifMatch());
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      Optional<InputStream> body = context.responseBody();
      if (!(context.request() instanceof GetObjectRequest)) {
        return body;
      }
      if (body.isEmpty()) {
        inFlight.decrementAndGet();
        return body;
      }
      return Optional.of(
          new FilterInputStream(body.get()) {
            private final AtomicBoolean closed = new AtomicBoolean();

            @Override
            public void close() throws IOException {
              if (closed.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
              }
              super.close();
            }
          });
    }
  }

  /** A body that breaks, as a reset connection does, after {@code limit} bytes. */
  private static final class CutAfter extends FilterInputStream {
    private long left;

    CutAfter(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new java.net.SocketException("Connection reset");
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A body whose first byte arrives changed. */
  private static final class FlipFirstByte extends FilterInputStream {
    private boolean flipped;

    FlipFirstByte(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && !flipped) {
        b[off] ^= 1;
        flipped = true;
      }
      return n;
    }
  }
}
