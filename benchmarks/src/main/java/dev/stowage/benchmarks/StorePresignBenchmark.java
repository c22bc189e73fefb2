package dev.stowage.benchmarks;

import static dev.stowage.benchmarks.DownloadLink.ACCESS_KEY;
import static dev.stowage.benchmarks.DownloadLink.BUCKET;
import static dev.stowage.benchmarks.DownloadLink.DISPOSITION;
import static dev.stowage.benchmarks.DownloadLink.FILENAME;
import static dev.stowage.benchmarks.DownloadLink.KEY;
import static dev.stowage.benchmarks.DownloadLink.REGION;
import static dev.stowage.benchmarks.DownloadLink.SECRET_KEY;
import static dev.stowage.benchmarks.DownloadLink.TTL;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Store;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The same download link as {@link PresignBenchmark}, but through the whole public API an
 * application calls: {@code Store.presign} on an S3 store (key and TTL checks, the download file
 * name turned into an RFC 6266 {@code Content-Disposition}, credentials resolved, the result value
 * with its URL string and expiry), against the SDK's {@code presignGetObject} returning its result
 * object (which holds a parsed {@code java.net.URL}). No request leaves the process: presigning is
 * local.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StorePresignBenchmark {

  private Store store;
  private S3Presigner sdk;

  @Setup(Level.Trial)
  public void setUp() {
    store =
        DriverRegistry.load()
            .open(
                "s3",
                DriverConfig.builder()
                    .set("bucket", BUCKET)
                    .set("region", REGION)
                    .secret("accessKeyId", ACCESS_KEY)
                    .secret("secretAccessKey", SECRET_KEY)
                    .build());
    sdk = DownloadLink.sdkPresigner();
    // Both sides must sign the same request: the store's Content-Disposition is the one given.
    String sent =
        PresignRequest.get(KEY, TTL).toBuilder()
            .downloadFilename(FILENAME)
            .build()
            .responseContentDisposition()
            .orElseThrow();
    if (!sent.equals(DISPOSITION)) {
      throw new IllegalStateException("The store sends another Content-Disposition: " + sent);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    sdk.close();
  }

  @Benchmark
  public PresignedRequest stowageStore() {
    return store.presign(
        PresignRequest.get(KEY, TTL).toBuilder().downloadFilename(FILENAME).build());
  }

  @Benchmark
  public PresignedGetObjectRequest awsSdk() {
    return sdk.presignGetObject(
        g ->
            g.signatureDuration(TTL)
                .getObjectRequest(
                    o -> o.bucket(BUCKET).key(KEY).responseContentDisposition(DISPOSITION)));
  }
}
