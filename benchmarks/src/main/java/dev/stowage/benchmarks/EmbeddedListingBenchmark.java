package dev.stowage.benchmarks;

import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How long a whole listing of many objects takes through the S3 driver against the embedded server,
 * and how much of it is the server's CPU: the objects are spread over 20 × 10 nested prefixes, as
 * in issue 12's comparison, and {@code Store.listAll("")} walks them all, three times.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * ./mvnw -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * M="api driver-s3 driver-local testkit-s3"; CP=benchmarks/target/classes
 * for m in $M; do CP="$CP:$m/target/classes"; done
 * java -cp "$CP:$(tr ':' '\n' &lt; benchmarks/target/cp.txt | grep -v /dev/stowage/ | paste -sd:)" \
 *     dev.stowage.benchmarks.EmbeddedListingBenchmark 20000
 * </pre>
 *
 * <p>(This checkout's classes first: {@code cp.txt} names our own artifacts in {@code ~/.m2}, which
 * may be older.) The first run reads and sorts the prefix on the server; later runs, with no write
 * in between, are cut from the same sorted snapshot. </pre>
 *
 * <p>Server CPU is the CPU time of the server's Jetty threads ({@code S3Proxy-Jetty-…}), which
 * S3Proxy runs every request on; client CPU is everything else in the process.
 */
public final class EmbeddedListingBenchmark {

  private static final int RUNS = 3;

  private EmbeddedListingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (EmbeddedS3Server s3 = EmbeddedS3Server.start();
        Store store = open(s3)) {
      seed(store, objects);
      System.out.printf("%d objects under 20 x 10 prefixes%n", objects);
      long[] wall = new long[RUNS];
      for (int run = 0; run < RUNS; run++) {
        long[] serverBefore = serverCpu(threads);
        long totalBefore = totalCpu(threads);
        long start = System.nanoTime();
        long count = store.listAll("").count();
        wall[run] = System.nanoTime() - start;
        long server = serverCpu(threads)[0] - serverBefore[0];
        long total = totalCpu(threads) - totalBefore;
        if (count != objects) {
          throw new IllegalStateException("listed " + count + " of " + objects + " objects");
        }
        System.out.printf(
            "run %d: wall %.2f s, server CPU %.2f s, client CPU %.2f s%n",
            run + 1, wall[run] / 1e9, server / 1e9, (total - server) / 1e9);
      }
      long[] sorted = wall.clone();
      Arrays.sort(sorted);
      System.out.printf("median wall %.2f s%n", sorted[RUNS / 2] / 1e9);
    }
  }

  private static Store open(EmbeddedS3Server s3) {
    s3.createBucket("bench");
    return Store.open(
        "s3",
        DriverConfig.builder()
            .set("bucket", "bench")
            .set("endpoint", s3.endpoint().toString())
            .set("region", s3.region())
            .secret("accessKeyId", s3.accessKey())
            .secret("secretAccessKey", s3.secretKey())
            .build(),
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build());
  }

  /**
   * {@code p00/q0/file-00000.txt} … : 20 top prefixes, 10 below each, the objects spread evenly.
   */
  private static void seed(Store store, int objects) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      byte[] body = {'x'};
      for (int i = 0; i < objects; i++) {
        String key = String.format("p%02d/q%d/file-%05d.txt", i % 20, (i / 20) % 10, i);
        done.add(pool.submit(() -> store.upload(UploadRequest.builder(key).build(), body)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** CPU time of the server's Jetty threads, summed. */
  private static long[] serverCpu(ThreadMXBean threads) {
    long sum = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("S3Proxy-Jetty")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return new long[] {sum};
  }

  private static long totalCpu(ThreadMXBean threads) {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
