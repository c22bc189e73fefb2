package dev.stowage.benchmarks;

import dev.stowage.s3.sigv4.S3Endpoint;
import dev.stowage.s3.sigv4.SigV4Presigner;
import java.time.Clock;
import java.time.Duration;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One presigned download URL, as a "My Account → Downloads" page mints it: our SigV4 presigner
 * against the AWS SDK v2 {@code S3Presigner}, same credentials, region, bucket, key, TTL and
 * response override, in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PresignBenchmark {

  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String BUCKET = "shop-downloads";
  private static final String KEY = "products/app 1.0/App Setup (x64).zip";
  private static final String DISPOSITION =
      "attachment; filename=\"App Setup (x64).zip\"; filename*=UTF-8''App%20Setup%20%28x64%29.zip";
  private static final Duration TTL = Duration.ofMinutes(15);

  private SigV4Presigner ours;
  private S3Presigner sdk;

  @Setup(Level.Trial)
  public void setUp() {
    ours =
        new SigV4Presigner(
            ACCESS_KEY,
            SECRET_KEY,
            null,
            "eu-west-1",
            "s3",
            S3Endpoint.aws("eu-west-1"),
            Clock.systemUTC());
    sdk =
        S3Presigner.builder()
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
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
