package dev.stowage.benchmarks;

import dev.stowage.DriverConfig;
import dev.stowage.ObjectContent;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One local-driver transfer per process, for a side-by-side run against {@code cp}: time the whole
 * process from outside (as the peers are timed); the time inside, after {@code Store.open}, is
 * printed too.
 *
 * <pre>
 * java -cp ... dev.stowage.benchmarks.LocalTransferBenchmark upload   ROOT SOURCE_FILE
 * java -cp ... dev.stowage.benchmarks.LocalTransferBenchmark download ROOT TARGET_FILE
 * java -cp ... dev.stowage.benchmarks.LocalTransferBenchmark copy     ROOT TARGET_FILE
 * java -cp ... dev.stowage.benchmarks.LocalTransferBenchmark path     ROOT TARGET_FILE
 * java -cp ... dev.stowage.benchmarks.LocalTransferBenchmark link     ROOT TARGET_FILE
 * </pre>
 *
 * <p>{@code upload} stores the file at key {@code big.bin} (atomic and forced to disk, so compare
 * with {@code cp} + {@code sync}); {@code download} writes {@code big.bin} into a {@code
 * FileOutputStream} with {@code InputStream.transferTo}; {@code copy} with {@code
 * Files.copy(InputStream, Path)}; {@code path} with {@code Store.download(key, Path)} (a kernel
 * copy into a temporary file, forced to disk and renamed: compare with {@code cp} + {@code sync});
 * {@code link} serves it through the driver's signed-link handler and fetches it with {@code curl}.
 * The other downloads are not forced to disk, like {@code cp}.
 */
public final class LocalTransferBenchmark {

  private static final String KEY = "big.bin";

  private LocalTransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path root = Path.of(args[1]);
    Path file = Path.of(args[2]);
    DriverConfig.Builder config = DriverConfig.builder().set("root", root.toString());
    if (mode.equals("link")) {
      config.set("listen", "127.0.0.1:0").secret("signingKey", "0123456789abcdef0123456789abcdef");
    }
    try (Store store = Store.open("local", config.build())) {
      long start = System.nanoTime();
      switch (mode) {
        case "upload" -> store.upload(UploadRequest.of(KEY), file);
        case "download" -> {
          try (ObjectContent content = store.download(KEY);
              OutputStream out = new FileOutputStream(file.toFile())) {
            content.stream().transferTo(out);
          }
        }
        case "copy" -> {
          Files.deleteIfExists(file);
          try (ObjectContent content = store.download(KEY)) {
            Files.copy(content.stream(), file);
          }
        }
        case "path" -> store.download(KEY, file);
        case "link" -> {
          PresignedRequest get = store.presign(PresignRequest.get(KEY, Duration.ofMinutes(5)));
          Process curl =
              new ProcessBuilder("curl", "-sf", "-o", file.toString(), get.url())
                  .inheritIO()
                  .start();
          if (curl.waitFor() != 0) {
            throw new IllegalStateException("curl failed: " + curl.exitValue());
          }
        }
        default -> throw new IllegalArgumentException("upload, download, copy or link: " + mode);
      }
      System.out.printf("%s %.3f s inside%n", mode, (System.nanoTime() - start) / 1e9);
    }
  }
}
