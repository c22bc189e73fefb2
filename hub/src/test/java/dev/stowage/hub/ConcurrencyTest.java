package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.ObjectContent;
import dev.stowage.UploadRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads using a connection while it is edited: no failure, no store left open. */
class ConcurrencyTest {

  private static final int WORKERS = 4;
  private static final int ROUNDS = 60;
  private static final int EDITS = 40;

  @TempDir Path dir;

  private static byte[] content(int n) {
    byte[] bytes = new byte[64 * 1024 + n];
    Arrays.fill(bytes, (byte) n);
    return bytes;
  }

  private StorageHub hub(CountingDrivers drivers) {
    StorageHub hub =
        StorageHub.builder().sealer(new TestSealer()).driverRegistry(drivers.registry).build();
    hub.add(
        ConnectionSpec.builder("disk", "local")
            .set("root", dir.toString())
            .secret("signingKey", "first-signing-key-0123456789")
            .build());
    hub.switchUploadTarget("disk");
    return hub;
  }

  @Test
  @DisplayName("uploads, reads and listings in 4 threads while another thread keeps editing")
  void usersAndAnEditor() {
    CountingDrivers drivers = new CountingDrivers();
    StorageHub hub = hub(drivers);
    List<StoredFile> seeded =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(i -> hub.upload(UploadRequest.of("seed/" + i + ".bin"), content(i)))
            .toList();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean editing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(120),
          () -> {
            Future<?> editor =
                pool.submit(
                    () -> {
                      await(start);
                      try {
                        for (int i = 0; i < EDITS; i++) {
                          // A new signing key: the driver's config changes, so it is reopened.
                          hub.edit(
                              "disk",
                              ConnectionEdit.builder()
                                  .label("edit " + i)
                                  .secret("signingKey", "rotated-signing-key-" + i + "-0123456789")
                                  .build());
                        }
                      } catch (Throwable t) {
                        failures.add(t);
                      } finally {
                        editing.set(false);
                      }
                    });
            List<Future<?>> workers =
                java.util.stream.IntStream.range(0, WORKERS)
                    .mapToObj(
                        w ->
                            pool.submit(
                                () -> {
                                  await(start);
                                  try {
                                    work(hub, w, seeded);
                                  } catch (Throwable t) {
                                    failures.add(t);
                                  }
                                }))
                    .<Future<?>>map(f -> f)
                    .toList();
            start.countDown();
            editor.get();
            for (Future<?> f : workers) {
              f.get();
            }
          });
    } finally {
      pool.shutdownNow();
    }
    assertThat(failures).isEmpty();
    assertThat(hub.connection("disk").orElseThrow().version()).isEqualTo(1 + EDITS);
    assertThat(drivers.opened.get()).as("the edits reopened the store").isGreaterThan(1);
    assertThat(drivers.stillOpen()).as("only the current store is open").isLessThanOrEqualTo(1);
    hub.close();
    assertThat(drivers.stillOpen()).as("every store closed with the hub").isZero();
  }

  private static void work(StorageHub hub, int worker, List<StoredFile> seeded) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      StoredFile mine =
          hub.upload(UploadRequest.of("w" + worker + "/" + round + ".bin"), content(round % 50));
      assertThat(hub.stat(mine.ref()).size()).isEqualTo(mine.size());
      StoredFile seed = seeded.get(round % seeded.size());
      try (ObjectContent c = hub.download(seed.ref())) {
        InputStream in = c.stream();
        byte[] head = in.readNBytes(100);
        Thread.yield(); // let an edit replace the store while this download is open
        byte[] rest = in.readAllBytes();
        assertThat(head.length + rest.length).isEqualTo((int) seed.size());
      }
      assertThat(hub.list(HubListRequest.builder().prefix("seed/").build()).items()).hasSize(8);
    }
  }

  @Test
  @DisplayName("a download in flight keeps its replaced store open until its stream is closed")
  void leaseKeepsReplacedStoreOpen() throws Exception {
    CountingDrivers drivers = new CountingDrivers();
    try (StorageHub hub = hub(drivers)) {
      StoredFile file = hub.upload(UploadRequest.of("big.bin"), content(7));
      assertThat(drivers.opened.get()).isEqualTo(1);
      try (ObjectContent c = hub.download(file.ref())) {
        byte[] head = c.stream().readNBytes(10);
        hub.edit(
            "disk",
            ConnectionEdit.builder().secret("signingKey", "second-signing-key-0123456789").build());
        hub.stat(file.ref()); // opens the store with the new key, retiring the old one
        assertThat(drivers.opened.get()).isEqualTo(2);
        assertThat(drivers.closed.get()).as("the old store is still leased").isZero();
        byte[] rest = c.stream().readAllBytes();
        assertThat(head.length + rest.length).isEqualTo((int) file.size());
      }
      assertThat(drivers.closed.get()).as("released with the stream").isEqualTo(1);
    }
    assertThat(drivers.stillOpen()).isZero();
  }

  @Test
  @DisplayName("an edit that changes nothing the driver sees keeps the open store")
  void labelEditKeepsStore() {
    CountingDrivers drivers = new CountingDrivers();
    try (StorageHub hub = hub(drivers)) {
      StoredFile file = hub.upload(UploadRequest.of("a.bin"), content(1));
      hub.edit("disk", ConnectionEdit.builder().label("Renamed").build());
      hub.disable("disk");
      hub.stat(file.ref());
      assertThat(drivers.opened.get()).isEqualTo(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("start signal not given");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
