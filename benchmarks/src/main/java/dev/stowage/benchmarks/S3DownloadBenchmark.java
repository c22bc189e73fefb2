package dev.stowage.benchmarks;

import dev.stowage.DriverConfig;
import dev.stowage.ObjectContent;
import dev.stowage.Store;
import dev.stowage.s3.S3StorageDriver;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A 1 GiB download from the embedded S3 server, warm (after one untimed call in this JVM): {@code
 * Store.download(key, Path)} (parallel ranged GETs), the old single stream ({@code
 * store.download(key)} copied to a file), and, where installed, {@code aws s3 cp} and {@code rclone
 * copyto} as whole processes; three interleaved runs each, medians and ratios, every file's SHA-256
 * checked. Arguments: size in MiB (1024), then S3 settings as {@code name=value}.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * ./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * M="api driver-s3 driver-local testkit-s3"; CP=benchmarks/target/classes
 * for m in $M; do CP="$CP:$m/target/classes"; done
 * java -Xmx256m -cp "$CP:$(tr ':' '\n' &lt; benchmarks/target/cp.txt | grep -v /dev/stowage/ | paste -sd:)" \
 *     dev.stowage.benchmarks.S3DownloadBenchmark 1024
 * </pre>
 *
 * <p>The heap holds the in-process server too; the download alone fits 64 MiB ({@code
 * S3SmallHeapDownloadTest}). The Stowage figures include the temporary file's fsync; the peers' do
 * not.
 */
public final class S3DownloadBenchmark {

  private static final int RUNS = 3;
  private static final String KEY = "bench/download.bin";

  private S3DownloadBenchmark() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    Path work = Files.createTempDirectory("stowage-download-bench");
    Path source = work.resolve("source.bin");
    String expected = writeRandom(source, mib << 20);
    try (EmbeddedS3Server s3 = EmbeddedS3Server.start();
        Store store = open(s3, Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        Store single = open(s3, "downloadThreshold=4096GiB".split(" "))) {
      // One PUT from the file through the SDK: a multipart upload beside the in-process server
      // needs more heap than the download being measured.
      store
          .unwrap(S3StorageDriver.class)
          .client()
          .putObject(b -> b.bucket("bench").key(KEY), RequestBody.fromFile(source));
      Files.delete(source);
      Map<String, Run> tools = new LinkedHashMap<>();
      tools.put("stowage parallel (warm)", target -> store.download(KEY, target));
      tools.put("stowage one GET to Path (warm)", target -> single.download(KEY, target));
      tools.put("stowage single stream (warm)", target -> singleStream(single, target));
      if (installed("aws")) {
        tools.put("aws s3 cp", target -> aws(s3, target));
      }
      if (installed("rclone")) {
        tools.put("rclone copyto", target -> rclone(s3, target));
      }
      Path target = work.resolve("target.bin");
      // Warm-up: one untimed call each for the JVM-side tools.
      store.download(KEY, target);
      singleStream(single, target);
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      for (int run = 1; run <= RUNS; run++) {
        for (Map.Entry<String, Run> tool : tools.entrySet()) {
          Files.deleteIfExists(target);
          long start = System.nanoTime();
          tool.getValue().download(target);
          double s = (System.nanoTime() - start) / 1e9;
          String sha = sha256(target);
          if (!sha.equals(expected)) {
            throw new IllegalStateException(tool.getKey() + " wrote other bytes");
          }
          seconds.computeIfAbsent(tool.getKey(), k -> new ArrayList<>()).add(s);
          System.out.printf(
              "run %d %-30s %6.2f s  load %s%n", run, tool.getKey(), s, loadAverage());
        }
      }
      double best = Double.MAX_VALUE;
      for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
        if (!e.getKey().startsWith("stowage")) {
          best = Math.min(best, median(e.getValue()));
        }
      }
      System.out.printf("%n%d MiB, medians of %d interleaved runs:%n", mib, RUNS);
      for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
        List<Double> v = e.getValue();
        System.out.printf(
            "%-30s median %6.2f s  (min %.2f, max %.2f)%s%n",
            e.getKey(),
            median(v),
            v.stream().mapToDouble(d -> d).min().orElse(0),
            v.stream().mapToDouble(d -> d).max().orElse(0),
            best == Double.MAX_VALUE
                ? ""
                : String.format("  ratio to best peer %.2f", median(v) / best));
      }
      System.out.println("load average after: " + loadAverage());
    } finally {
      try (var files = Files.list(work)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  @FunctionalInterface
  private interface Run {
    void download(Path target) throws Exception;
  }

  /** The path before this change: one GET stream copied to the file. */
  private static void singleStream(Store store, Path target) throws IOException {
    try (ObjectContent content = store.download(KEY);
        OutputStream out = Files.newOutputStream(target)) {
      content.stream().transferTo(out);
    }
  }

  private static void aws(EmbeddedS3Server s3, Path target) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "aws",
            "--endpoint-url",
            s3.endpoint().toString(),
            "--region",
            s3.region(),
            "s3",
            "cp",
            "--only-show-errors",
            "s3://bench/" + KEY,
            target.toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", s3.accessKey());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
    pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    run(pb);
  }

  private static void rclone(EmbeddedS3Server s3, Path target) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "rclone", "copyto", "--no-check-certificate", "bench:bench/" + KEY, target.toString());
    Map<String, String> env = pb.environment();
    env.remove("AWS_CA_BUNDLE");
    env.put("RCLONE_CONFIG", "/dev/null");
    env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
    env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", s3.accessKey());
    env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", s3.secretKey());
    env.put("RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint().toString());
    env.put("RCLONE_CONFIG_BENCH_REGION", s3.region());
    run(pb);
  }

  private static void run(ProcessBuilder pb) throws Exception {
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(pb.command().get(0) + " failed");
    }
  }

  private static boolean installed(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Store open(EmbeddedS3Server s3, String[] settings) {
    if (!bucketExists) {
      s3.createBucket("bench");
      bucketExists = true;
    }
    DriverConfig.Builder config =
        DriverConfig.builder()
            .set("bucket", "bench")
            .set("endpoint", s3.endpoint().toString())
            .set("region", s3.region())
            .secret("accessKeyId", s3.accessKey())
            .secret("secretAccessKey", s3.secretKey());
    for (String setting : settings) {
      String[] nv = setting.split("=", 2);
      config.set(nv[0], nv[1]);
    }
    return Store.open(
        "s3",
        config.build(),
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build());
  }

  private static boolean bucketExists;

  private static String writeRandom(Path file, long size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(12);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        sha.update(block, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
