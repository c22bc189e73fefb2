package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": 1,000 objects local → S3 (embedded server), interrupted midway — a
 * cancel after 500, then a crash after an upload was verified but before the journal recorded it —
 * and resumed: every object went up once in all, except the crashed one (twice), bytes, content
 * types, dispositions and metadata equal at the destination, and the map of references complete.
 */
class MigrationThousandObjectsTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private static final int OBJECTS = 1000;
  private static final int BIG = 777; // the one object past the S3 multipart threshold (16 MiB)
  private static final List<String> TYPES =
      List.of(
          "application/zip",
          "text/plain",
          "image/png",
          "application/pdf",
          "application/octet-stream");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "1,000 objects local → S3: cancelled at 500, crashed once, resumed, every object once")
  void thousandObjectsInterruptedAndResumed() throws Exception {
    Assertions.assertTimeoutPreemptively(Duration.ofMinutes(4), this::migrate);
  }

  private void migrate() throws Exception {
    try (MigrationHub fixture = new MigrationHub(dir).withLocal("disk").withS3(S3)) {
      StorageHub hub = fixture.hub;
      // Seeded from a few threads (the hub is thread-safe): local writes wait on fsync.
      Map<FileRef, Expected> sources = new ConcurrentHashMap<>();
      ExecutorService seeders = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Expected>> seeds = new ArrayList<>();
        IntStream.range(0, OBJECTS).forEach(i -> seeds.add(() -> seed(hub, i)));
        for (Future<Expected> seeded : seeders.invokeAll(seeds)) {
          sources.put(seeded.get().ref(), seeded.get());
        }
      } finally {
        seeders.shutdown();
      }
      assertThat(sources).hasSize(OBJECTS);
      assertThat(fixture.uploadsTo("s3")).isZero();
      Path journal = dir.resolve("disk-to-s3.journal");
      MigrationPlan plan =
          MigrationPlan.builder()
              .from("disk")
              .to("s3-main")
              .prefix("products/")
              .journal(journal)
              .parallelism(4)
              .build();

      // Run 1: the host's Cancel button after 500 objects (the few in flight then finish).
      List<MigrationProgress> events = new ArrayList<>();
      MigrationResult first =
          hub.migrate(
              plan,
              new MigrationListener() {
                @Override
                public void onProgress(MigrationProgress progress) {
                  events.add(progress);
                }

                @Override
                public boolean cancelled() {
                  return events.get(events.size() - 1).copied() >= 500;
                }
              });
      assertThat(first.cancelled()).isTrue();
      assertThat(first.complete()).isFalse();
      assertThat(first.copied()).isBetween(500L, 500L + plan.parallelism());
      assertThat(first.skipped()).isZero();
      assertThat(first.refs()).hasSize((int) first.copied());
      assertThat(fixture.uploadsTo("s3")).isEqualTo(first.copied());
      MigrationProgress last = events.get(events.size() - 1);
      assertThat(last.objectsDone()).isEqualTo(first.copied());
      assertThat(last.copied()).isEqualTo(first.copied());
      assertThat(last.listingComplete()).isFalse();
      assertThat(last.objectsFound()).isGreaterThanOrEqualTo(first.copied());
      assertThat(events).anySatisfy(e -> assertThat(e.currentKey()).isPresent());
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).bytesDone()).isGreaterThanOrEqualTo(events.get(i - 1).bytesDone());
      }

      // Run 2: the process dies after the 100th copy of this run is verified, before its journal
      // line (the copies in flight beside it finish and are journaled).
      AtomicInteger verified = new AtomicInteger();
      AtomicReference<FileRef> crashed = new AtomicReference<>();
      Throwable crash =
          catchThrowable(
              () ->
                  hub.migrate(
                      plan,
                      MigrationListener.NONE,
                      new MigrationHooks() {
                        @Override
                        public void afterVerified(FileRef source, FileRef copy) {
                          if (verified.incrementAndGet() == 100) {
                            crashed.set(source);
                            throw new IllegalStateException("simulated crash");
                          }
                        }
                      }));
      assertThat(crash).hasMessage("simulated crash");
      int journaled = Files.readAllLines(journal).size() - 1; // minus the header
      assertThat(journaled).isGreaterThanOrEqualTo((int) first.copied() + 99);
      assertThat(fixture.uploadsTo("s3"))
          .as("all went up, all but one journaled")
          .isEqualTo(journaled + 1);

      // Run 3: resumed on the same journal, after a restart: only what is not verified goes up.
      MigrationResult resumed;
      try (StorageHub restarted = restart(fixture)) {
        List<MigrationProgress> progress = new ArrayList<>();
        resumed = restarted.migrate(plan, progress::add);
        // The crashed copy is found at the destination with the source's bytes: verified, not
        // overwritten (its create-only upload was refused).
        assertThat(resumed.skipped())
            .as("verified by the earlier runs, and the crashed copy found identical")
            .isEqualTo(journaled + 1);
        assertThat(resumed.copied()).isEqualTo(OBJECTS - journaled - 1);
        assertThat(resumed.failed()).isZero();
        assertThat(resumed.complete()).isTrue();
        assertThat(progress.get(0).skipped()).isEqualTo(journaled);
        MigrationProgress end = progress.get(progress.size() - 1);
        assertThat(end.objectsDone()).isEqualTo(OBJECTS);
        assertThat(end.objectsFound()).isEqualTo(OBJECTS);
        assertThat(end.listingComplete()).isTrue();
        assertThat(end.bytesDone()).isEqualTo(end.bytesFound());
      }
      assertThat(fixture.uploadsTo("s3")).isEqualTo(OBJECTS + 1);
      String crashedKey = "s3 " + crashed.get().key();
      Map<String, Integer> s3Uploads = new HashMap<>();
      fixture.uploadsByKey.forEach(
          (key, count) -> {
            if (key.startsWith("s3 ")) {
              s3Uploads.put(key, count.get());
            }
          });
      assertThat(s3Uploads.size()).isEqualTo(OBJECTS);
      s3Uploads.forEach(
          (key, count) -> assertThat(count).as(key).isEqualTo(key.equals(crashedKey) ? 2 : 1));

      // The map is complete and every new reference resolves to equal bytes and metadata.
      assertThat(resumed.refs().keySet()).containsExactlyInAnyOrderElementsOf(sources.keySet());
      for (Expected was : sources.values()) {
        FileRef copy = resumed.newRef(was.ref()).orElseThrow();
        assertThat(copy).isEqualTo(FileRef.of("s3-main", was.ref().key()));
        ObjectInfo now = hub.stat(copy);
        String key = was.ref().key();
        assertThat(now.size()).as(key).isEqualTo(was.size());
        assertThat(now.contentType()).as(key).contains(was.contentType());
        assertThat(now.contentDisposition()).as(key).isEqualTo(was.disposition());
        assertThat(now.metadata()).as(key).isEqualTo(was.metadata());
        assertThat(sha256(hub, copy)).as(key).isEqualTo(was.sha256());
      }
      // The sources are untouched by a copy.
      Expected big =
          sources.values().stream().filter(e -> e.size() > 17L << 20).findFirst().orElseThrow();
      assertThat(sha256(hub, big.ref())).isEqualTo(big.sha256());
      assertThat(sources.values()).anyMatch(e -> e.size() == 0);
    }
  }

  /** A second hub on the same connection store, as after a process restart. */
  private static StorageHub restart(MigrationHub fixture) {
    return StorageHub.builder()
        .connectionStore(fixture.index)
        .sealer(fixture.sealer)
        .driverRegistry(fixture.registry)
        .driverContext(MigrationHub.LOOPBACK)
        .build();
  }

  /** What a seeded object is: the copy must show the same. */
  private record Expected(
      FileRef ref,
      long size,
      String sha256,
      String contentType,
      Optional<String> disposition,
      Map<String, String> metadata) {}

  /**
   * Object {@code i}: varied size (0 bytes first, one past 17 MiB), type, disposition, metadata.
   */
  private static Expected seed(StorageHub hub, int i) throws Exception {
    byte[] bytes = new byte[i == BIG ? (17 << 20) + 3 : (i * 37) % 4099];
    new Random(i).nextBytes(bytes);
    String key =
        "products/" + (i % 10) + "/file-" + i + (i % 50 == 0 ? " with space" : "") + ".bin";
    UploadRequest.Builder b = UploadRequest.builder(key).contentType(TYPES.get(i % TYPES.size()));
    switch (i % 3) {
      case 0 -> b.downloadFilename("résumé " + i + ".pdf");
      case 1 -> b.contentDisposition("inline");
      default -> {}
    }
    if (i % 2 == 0) {
      b.metadata("owner", "team-" + (i % 7)).metadata("batch", "b" + i);
    }
    UploadRequest request = b.build();
    FileRef ref =
        hub.uploadTo("disk", request, new ByteArrayInputStream(bytes), bytes.length).ref();
    return new Expected(
        ref,
        bytes.length,
        MigrationDigest.drain(new ByteArrayInputStream(bytes)).sha256(),
        request.contentType().orElseThrow(),
        request.contentDisposition(),
        request.metadata());
  }

  private static String sha256(StorageHub hub, FileRef ref) throws Exception {
    try (ObjectContent content = hub.download(ref)) {
      return MigrationDigest.drain(content.stream()).sha256();
    }
  }
}
