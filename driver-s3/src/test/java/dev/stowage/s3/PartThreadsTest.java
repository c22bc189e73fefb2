package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartThreadsTest {

  /** A part that blocks until interrupted, and records whether it was dropped unstarted. */
  private static final class BlockingPart implements PartThreads.Part {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    final AtomicBoolean dropped = new AtomicBoolean();

    @Override
    public void run() {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    }

    @Override
    public void dropUnstarted() {
      dropped.set(true);
    }
  }

  @Test
  @DisplayName(
      "a store has as many part threads as upload buffers fit its memory, or as one download's"
          + " parts in flight if more, and a connection pool with room for all of them")
  void threadsForUploadsAndDownloads() {
    assertThat(PartThreads.threads(settings("10MiB", "2"))).isEqualTo(2);
    assertThat(PartThreads.threads(settings("10MiB", "8"))).isEqualTo(8);
    assertThat(PartThreads.threads(settings("80MiB", "3"))).isEqualTo(16);
  }

  private static S3Settings settings(String uploadMemory, String downloadPartsInFlight) {
    return S3Settings.from(
        new S3DriverProvider()
            .configSchema()
            .resolve(
                dev.stowage.DriverConfig.builder()
                    .set(S3DriverProvider.BUCKET, "bucket")
                    .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAEXAMPLE")
                    .secret(S3DriverProvider.SECRET_ACCESS_KEY, "secret")
                    .set(S3DriverProvider.PART_SIZE, "5MiB")
                    .set(S3DriverProvider.MULTIPART_THRESHOLD, "5MiB")
                    .set(S3DriverProvider.UPLOAD_MEMORY, uploadMemory)
                    .set(S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT, downloadPartsInFlight)
                    .build()));
  }

  @Test
  @DisplayName(
      "closing the store interrupts running parts and drops queued ones, so no upload waits for a"
          + " part no thread will run")
  void closeDropsQueuedParts() {
    S3Settings settings =
        S3Settings.from(
            new S3DriverProvider()
                .configSchema()
                .resolve(
                    dev.stowage.DriverConfig.builder()
                        .set(S3DriverProvider.BUCKET, "bucket")
                        .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAEXAMPLE")
                        .secret(S3DriverProvider.SECRET_ACCESS_KEY, "secret")
                        .set(S3DriverProvider.PART_SIZE, "5MiB")
                        .set(S3DriverProvider.MULTIPART_THRESHOLD, "5MiB")
                        .set(S3DriverProvider.UPLOAD_MEMORY, "10MiB")
                        .set(S3DriverProvider.DOWNLOAD_PARTS_IN_FLIGHT, "2")
                        .build()));
    // 10 MiB / 5 MiB, and downloads of 2 parts in flight: two threads
    PartThreads threads = new PartThreads(settings);
    BlockingPart first = new BlockingPart();
    BlockingPart second = new BlockingPart();
    BlockingPart queued = new BlockingPart();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          threads.execute(first);
          threads.execute(second);
          first.started.await();
          second.started.await();
          threads.execute(queued);
          threads.close();
        });
    assertThat(threads.closed()).isTrue();
    assertThat(first.interrupted).isTrue();
    assertThat(second.interrupted).isTrue();
    assertThat(queued.dropped).as("the queued part was told it will never run").isTrue();
    assertThat(queued.started.getCount()).isEqualTo(1);
  }
}
