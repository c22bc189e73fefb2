package dev.stowage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.GeneratedInputStream;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Multipart uploads against the embedded S3 server: bounded memory, and nothing left on failure.
 */
class S3MultipartUploadTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final long MIB = 1024 * 1024;

  private final RequestRecorder recorder = new RequestRecorder();
  private String bucket;
  private Store store;

  @BeforeEach
  void openStore() {
    bucket = S3.newBucket();
    store = open(recorder);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Store open(ExecutionInterceptor... interceptors) {
    return Store.open(
        new S3DriverProvider(List.of(interceptors)),
        TestConfigs.embedded(S3.server(), bucket)
            .set(S3DriverProvider.PART_SIZE, "8MiB")
            .set(S3DriverProvider.PARTS_IN_FLIGHT, "4")
            .set(S3DriverProvider.MULTIPART_THRESHOLD, "16MiB")
            .build(),
        TestConfigs.loopback());
  }

  private S3Client client() {
    return store.unwrap(S3StorageDriver.class).client();
  }

  private void assertNothingLeftBehind(String key) {
    assertThat(client().listMultipartUploads(b -> b.bucket(bucket)).uploads())
        .as("incomplete multipart uploads")
        .isEmpty();
    assertThat(store.exists(key)).as("an object at %s", key).isFalse();
    assertThat(store.listAll("")).isEmpty();
  }

  @Test
  @DisplayName(
      "A 64 MiB stream of unknown length goes up as 8 parts, at most 4 in flight and 32 MiB held,"
          + " and comes back byte for byte")
  void largeStreamOfUnknownLength() {
    long size = 64 * MIB;
    String key = "large/64MiB.bin";
    GeneratedInputStream source = GeneratedInputStream.of(size, 64);

    ObjectInfo info = store.upload(UploadRequest.of(key), source);

    assertThat(info.size()).isEqualTo(size);
    assertThat(source.closed()).as("the store closed the stream").isTrue();
    assertThat(recorder.count("CreateMultipartUpload")).isEqualTo(1);
    assertThat(recorder.count("UploadPart")).isEqualTo(8);
    assertThat(recorder.count("CompleteMultipartUpload")).isEqualTo(1);
    assertThat(recorder.count("PutObject")).isZero();
    assertThat(recorder.mostPartsInFlight()).isBetween(1, 4);
    assertThat(store.unwrap(S3StorageDriver.class).peakBufferedBytes())
        .as("bytes held in memory at once")
        .isLessThanOrEqualTo(4 * 8 * MIB);
    assertThat(store.stat(key).size()).isEqualTo(size);
    try (ObjectContent content = store.download(key)) {
      assertThat(GeneratedInputStream.sha256(content.stream()))
          .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 64)));
    }
    assertThat(client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  @DisplayName("A stream of unknown length that ends within the threshold goes up as one PUT")
  void smallStreamIsOnePut() {
    long size = 16 * MIB;
    store.upload(UploadRequest.of("small.bin"), GeneratedInputStream.of(size, 16));
    assertThat(recorder.count("PutObject")).isEqualTo(1);
    assertThat(recorder.count("CreateMultipartUpload")).isZero();
    try (ObjectContent content = store.download("small.bin")) {
      assertThat(GeneratedInputStream.sha256(content.stream()))
          .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 16)));
    }
  }

  @Test
  @DisplayName(
      "A source that breaks midway aborts the multipart upload: no parts and no object remain")
  void sourceFailsMidway() {
    String key = "broken/source.bin";
    GeneratedInputStream source = GeneratedInputStream.failingAt(64 * MIB, 7, 30 * MIB);

    StorageException e =
        catchThrowableOfType(
            StorageException.class, () -> store.upload(UploadRequest.of(key), source));

    assertThat(e).as("the upload failed with a StorageException").isNotNull();
    assertThat(e.getMessage()).contains("the source broke");
    assertThat(source.closed()).isTrue();
    assertThat(recorder.count("CreateMultipartUpload")).isEqualTo(1);
    assertThat(recorder.count("UploadPart")).isPositive();
    assertThat(recorder.count("AbortMultipartUpload")).isEqualTo(1);
    assertThat(recorder.count("CompleteMultipartUpload")).isZero();
    assertNothingLeftBehind(key);
  }

  @Test
  @DisplayName("A part the server never gets aborts the upload: no parts and no object remain")
  void partFails() {
    AtomicInteger parts = new AtomicInteger();
    ExecutionInterceptor breakThirdPart =
        new ExecutionInterceptor() {
          @Override
          public SdkHttpRequest modifyHttpRequest(
              Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof UploadPartRequest part
                && part.partNumber() == 3
                && parts.incrementAndGet() > 0) {
              throw SdkClientException.create(
                  "injected: the connection broke", new java.io.IOException("Connection reset"));
            }
            return context.httpRequest();
          }
        };
    store.close();
    store = open(recorder, breakThirdPart);
    String key = "broken/part.bin";

    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () -> store.upload(UploadRequest.of(key), GeneratedInputStream.of(48 * MIB, 3)));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(recorder.count("AbortMultipartUpload")).isEqualTo(1);
    assertNothingLeftBehind(key);
  }

  @Test
  @DisplayName(
      "A create-only multipart upload to an existing key fails with ALREADY_EXISTS and leaves the"
          + " old object and no parts")
  void createOnlyMultipartConflict() {
    String key = "taken.bin";
    store.upload(UploadRequest.of(key), "old".getBytes(UTF_8));

    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                store.upload(
                    UploadRequest.builder(key).createOnly(true).build(),
                    GeneratedInputStream.of(24 * MIB, 5)));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
    assertThat(store.readAllBytes(key)).isEqualTo("old".getBytes(UTF_8));
    assertThat(client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  @DisplayName(
      "A create-only multipart upload loses to an object stored while its parts went up:"
          + " ALREADY_EXISTS, the other object kept, no parts left")
  void createOnlyMultipartRace() {
    String key = "race.bin";
    byte[] winner = "stored first".getBytes(UTF_8);
    try (Store other = open()) {
      ExecutionInterceptor storeFirst =
          new ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                Context.BeforeExecution context, ExecutionAttributes attributes) {
              if (context.request()
                  instanceof
                  software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest) {
                other.upload(UploadRequest.of(key), winner);
              }
            }
          };
      store.close();
      store = open(recorder, storeFirst);

      StorageException e =
          catchThrowableOfType(
              StorageException.class,
              () ->
                  store.upload(
                      UploadRequest.builder(key).createOnly(true).build(),
                      GeneratedInputStream.of(24 * MIB, 6)));

      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(recorder.count("AbortMultipartUpload")).isEqualTo(1);
      assertThat(store.readAllBytes(key)).isEqualTo(winner);
      assertThat(client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }
  }

  @Test
  @DisplayName("A create-only multipart upload to a free key stores the object")
  void createOnlyMultipart() {
    long size = 24 * MIB;
    store.upload(
        UploadRequest.builder("fresh.bin").createOnly(true).contentType("application/zip").build(),
        GeneratedInputStream.of(size, 9));
    assertThat(recorder.count("CompleteMultipartUpload")).isEqualTo(1);
    ObjectInfo stat = store.stat("fresh.bin");
    assertThat(stat.size()).isEqualTo(size);
    assertThat(stat.contentType()).contains("application/zip");
  }

  @Test
  @DisplayName("A 40 MiB file, its length known, goes up as 5 parts with no look-ahead")
  void fileOfKnownLength(@TempDir Path dir) throws Exception {
    long size = 40 * MIB;
    Path file = dir.resolve("big.bin");
    try (GeneratedInputStream in = GeneratedInputStream.of(size, 40)) {
      Files.copy(in, file);
    }
    store.upload(UploadRequest.of("files/big.bin"), file);
    assertThat(recorder.count("UploadPart")).isEqualTo(5);
    assertThat(recorder.count("PutObject")).isZero();
    try (ObjectContent content = store.download("files/big.bin")) {
      assertThat(GeneratedInputStream.sha256(content.stream()))
          .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 40)));
    }
  }

  @Test
  @DisplayName("A small stream longer than its declared length fails and stores nothing")
  void longerThanDeclared() {
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                store.upload(UploadRequest.of("long.bin"), GeneratedInputStream.of(2000, 1), 1000));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("more than 1000");
    assertThat(recorder.count("PutObject")).isZero();
    assertThat(store.exists("long.bin")).isFalse();
  }

  @Test
  @DisplayName("A stream shorter than its declared length fails and leaves nothing")
  void shorterThanDeclared() {
    String key = "short.bin";
    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                store.upload(
                    UploadRequest.of(key), GeneratedInputStream.of(20 * MIB, 1), 40 * MIB));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
    assertNothingLeftBehind(key);
  }

  @Test
  @DisplayName(
      "Closing the store while an upload waits on its source aborts the multipart upload: no parts"
          + " are left behind when the caller's own abort can no longer be sent")
  void closeAbortsOpenUploads() throws Exception {
    Store closing = open();
    String key = "closing/slow.bin";
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream source = new PipedInputStream(feed, 1024 * 1024);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread uploader =
        new Thread(
            () -> {
              try {
                closing.upload(UploadRequest.of(key), source);
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    uploader.start();
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          // Past the head the store reads before choosing (threshold and a part: 24 MiB), so the
          // multipart upload starts; then the source goes quiet.
          byte[] chunk = new byte[1024 * 1024];
          for (int i = 0; i < 30; i++) {
            feed.write(chunk);
          }
          while (client().listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty()) {
            Thread.sleep(20);
          }
          closing.close();
          feed.close(); // the caller's source ends now, after the store closed
          uploader.join();
        });
    assertThat(outcome.get()).as("the upload fails").isInstanceOf(StorageException.class);
    assertNothingLeftBehind(key);
  }
}
