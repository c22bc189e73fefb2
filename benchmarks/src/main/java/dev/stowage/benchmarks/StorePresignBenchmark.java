package dev.stowage.benchmarks;

import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Store;
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
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The same download link as {@link PresignBenchmark}, but through the whole public API an
 * application calls: {@code Store.presign} on an S3 store (key and TTL checks, the download file
 * name turned into an RFC 6266 {@code Content-Disposition}, a parsed {@code URI} and the result
 * value), against the SDK's {@code presignGetObject} returning its result object (which parses its
 * URL too). No request leaves the process: presigning is local.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StorePresignBenchmark {

  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String KEY = "products/app 1.0/App Setup (x64).zip";
  private static final String FILENAME = "App Setup (x64).zip";
  private static final Duration TTL = Duration.ofMinutes(15);

  private Store store;
  private S3Presigner sdk;
  private String disposition;

  @Setup(Level.Trial)
  public void setUp() {
    store =
        DriverRegistry.load()
            .open(
                "s3",
                DriverConfig.builder()
                    .set("bucket", "shop-downloads")
                    .set("region", "eu-west-1")
                    .secret("accessKeyId", ACCESS_KEY)
                    .secret("secretAccessKey", SECRET_KEY)
                    .build());
    sdk =
        S3Presigner.builder()
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    // The SDK gets the exact header value the store would send, so both sign the same request.
    disposition =
        PresignRequest.get(KEY, TTL)
            .downloadFilename(FILENAME)
            .build()
            .responseContentDisposition()
            .orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    sdk.close();
  }

  @Benchmark
  public PresignedRequest stowageStore() {
    return store.presign(PresignRequest.get(KEY, TTL).downloadFilename(FILENAME).build());
  }

  @Benchmark
  public PresignedGetObjectRequest awsSdk() {
    return sdk.presignGetObject(
        g ->
            g.signatureDuration(TTL)
                .getObjectRequest(
                    o ->
                        o.bucket("shop-downloads")
                            .key(KEY)
                            .responseContentDisposition(disposition)));
  }
}
