package dev.stowage.benchmarks;

import static dev.stowage.benchmarks.DownloadLink.ACCESS_KEY;
import static dev.stowage.benchmarks.DownloadLink.BUCKET;
import static dev.stowage.benchmarks.DownloadLink.DISPOSITION;
import static dev.stowage.benchmarks.DownloadLink.KEY;
import static dev.stowage.benchmarks.DownloadLink.REGION;
import static dev.stowage.benchmarks.DownloadLink.SECRET_KEY;
import static dev.stowage.benchmarks.DownloadLink.TTL;

import dev.stowage.s3.sigv4.S3Endpoint;
import dev.stowage.s3.sigv4.SigV4Presigner;
import java.time.Clock;
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

/**
 * One presigned download URL, as a "My Account → Downloads" page mints it: our SigV4 presigner
 * against the AWS SDK v2 {@code S3Presigner}, same credentials, region, bucket, key, TTL and
 * response override ({@link DownloadLink}), in one run. Both return the URL as a string.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PresignBenchmark {

  private SigV4Presigner ours;
  private S3Presigner sdk;

  @Setup(Level.Trial)
  public void setUp() {
    ours =
        new SigV4Presigner(
            ACCESS_KEY, SECRET_KEY, null, REGION, "s3", S3Endpoint.aws(REGION), Clock.systemUTC());
    sdk = DownloadLink.sdkPresigner();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  @Benchmark
  public String stowage() {
    return ours.presign("GET", BUCKET, KEY, TTL.toSeconds(), DISPOSITION, null, null);
  }

  @Benchmark
  public String awsSdk() {
    return sdk.presignGetObject(
            g ->
                g.signatureDuration(TTL)
                    .getObjectRequest(
                        o -> o.bucket(BUCKET).key(KEY).responseContentDisposition(DISPOSITION)))
        .url()
        .toString();
  }
}
