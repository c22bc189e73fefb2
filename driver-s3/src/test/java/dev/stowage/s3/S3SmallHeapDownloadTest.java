package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.GeneratedInputStream;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large object downloads to a file in a JVM whose whole heap is 64 MiB: parts stream into the
 * file by position, none is held in memory. 256 MiB by default (CI time on two shared cores);
 * {@code -Ds3.smallHeapDownloadMiB=1024} runs the full 1 GiB.
 */
class S3SmallHeapDownloadTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  @Test
  @DisplayName(
      "A 256 MiB object downloads to a file byte for byte in a child JVM with -Xmx64m (default"
          + " settings: 8 MiB parts, 8 in flight)")
  void downloadsUnder64MiBHeap() throws Exception {
    long size = Long.getLong("s3.smallHeapDownloadMiB", 256) << 20;
    EmbeddedS3Server server = S3.server();
    String bucket = S3.newBucket();
    try (Store store =
        Store.open(
            new S3DriverProvider(),
            TestConfigs.embedded(server, bucket).build(),
            TestConfigs.loopback())) {
      store.upload(UploadRequest.of("large.bin"), GeneratedInputStream.of(size, 256), size);
    }
    Path target = dir.resolve("large.bin");
    Path log = dir.resolve("child.log");
    ProcessBuilder child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SmallHeapDownload.class.getName(),
                    server.endpoint().toString(),
                    server.region(),
                    server.accessKey(),
                    server.secretKey(),
                    bucket,
                    "large.bin",
                    target.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    child.environment().put("LANG", "C.UTF-8");
    Process process = child.start();
    assertTimeoutPreemptively(
        Duration.ofMinutes(5),
        () -> {
          if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
          }
        });
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("the child's exit; its output:%n%s", output).isZero();
    assertThat(Files.size(target)).isEqualTo(size);
    try (InputStream in = Files.newInputStream(target)) {
      assertThat(GeneratedInputStream.sha256(in))
          .isEqualTo(GeneratedInputStream.sha256(GeneratedInputStream.of(size, 256)));
    }
  }
}
