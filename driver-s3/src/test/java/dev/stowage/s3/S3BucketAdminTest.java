package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.BucketInfo;
import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;

/** Bucket names by S3's rules, and listing and creating buckets on the embedded S3 server. */
class S3BucketAdminTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  private final RequestRecorder requests = new RequestRecorder();

  private Store open(String bucket) {
    return Store.open(
        new S3DriverProvider(List.of(requests)),
        TestConfigs.embedded(S3.server(), bucket).build(),
        TestConfigs.loopback());
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ab | 3 to 63",
        "a123456789b123456789c123456789d123456789e123456789f123456789g123 | 3 to 63",
        "Shop-Files | upper-case",
        "shop_files | other than lower-case letters",
        "shop files | other than lower-case letters",
        "-shop | begin and end",
        "shop- | begin and end",
        ".shop | begin and end",
        "shop..files | '..'",
        "192.168.5.4 | IP address",
        "xn--shop | 'xn--'",
        "sthree-shop | 'sthree-'",
        "amzn-s3-demo-shop | 'amzn-s3-demo-'",
        "shop-s3alias | '-s3alias'",
        "shop--ol-s3 | '--ol-s3'",
        "shop.mrap | '.mrap'",
        "shop--x-s3 | '--x-s3'",
        "shop--table-s3 | '--table-s3'",
      })
  void badNames(String name, String rule) {
    assertThat(S3BucketAdmin.nameProblem(name)).contains(rule);
  }

  @ParameterizedTest(name = "''{0}'' is a valid bucket name")
  @ValueSource(
      strings = {
        "abc",
        "shop-downloads",
        "shop.example.com",
        "a1-b2.c3",
        "123",
        "192.168.5",
        "a123456789b123456789c123456789d123456789e123456789f123456789g12"
      })
  void goodNames(String name) {
    assertThat(S3BucketAdmin.nameProblem(name)).isNull();
  }

  /** Records the CreateBucket requests it gets, and whether it was closed. */
  private static final class CreatingClient implements S3Client {
    final List<CreateBucketRequest> created = new ArrayList<>();
    boolean closed;

    @Override
    public CreateBucketResponse createBucket(CreateBucketRequest request) {
      created.add(request);
      return CreateBucketResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  @DisplayName(
      "On Amazon's endpoint a bucket in another region is created through a client for that"
          + " region (made once, closed with the admin); a custom endpoint gets every request")
  void regionalClients() {
    CreatingClient own = new CreatingClient();
    Map<String, CreatingClient> made = new HashMap<>();
    S3Settings amazon =
        S3Settings.from(
            new S3DriverProvider()
                .configSchema()
                .resolve(
                    DriverConfig.builder()
                        .set(S3DriverProvider.BUCKET, "shop")
                        .set(S3DriverProvider.REGION, "eu-west-1")
                        .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE")
                        .secret(
                            S3DriverProvider.SECRET_ACCESS_KEY,
                            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                        .build()));
    try (S3BucketAdmin admin =
        new S3BucketAdmin(
            own, amazon, region -> made.computeIfAbsent(region, r -> new CreatingClient()))) {
      admin.createBucket("in-own-region", null);
      admin.createBucket("in-virginia", "us-east-1");
      admin.createBucket("in-virginia-too", "us-east-1");
      assertThat(own.created)
          .extracting(CreateBucketRequest::bucket)
          .containsExactly("in-own-region");
      assertThat(own.created.get(0).createBucketConfiguration().locationConstraintAsString())
          .isEqualTo("eu-west-1");
      assertThat(made).containsOnlyKeys("us-east-1");
      assertThat(made.get("us-east-1").created)
          .allSatisfy(r -> assertThat(r.createBucketConfiguration()).isNull())
          .hasSize(2);
    }
    assertThat(made.get("us-east-1").closed).isTrue();
    assertThat(own.closed).isFalse();

    CreatingClient compatible = new CreatingClient();
    S3Settings custom = amazon.withRegion("us-east-1");
    custom =
        new S3Settings(
            custom.bucket(),
            custom.region(),
            java.net.URI.create("http://127.0.0.1:9000"),
            null,
            null,
            null,
            true,
            custom.multipartThreshold(),
            custom.partSize(),
            custom.partsInFlight(),
            custom.uploadMemory(),
            custom.downloads());
    try (S3BucketAdmin admin =
        new S3BucketAdmin(
            compatible,
            custom,
            region -> {
              throw new AssertionError("no regional client for a custom endpoint");
            })) {
      admin.createBucket("elsewhere", "ap-southeast-2");
    }
    assertThat(compatible.created.get(0).createBucketConfiguration().locationConstraintAsString())
        .isEqualTo("ap-southeast-2");
  }

  @Test
  @DisplayName("The S3 driver declares bucket admin")
  void declared() {
    try (Store store = open(S3.newBucket())) {
      assertThat(store.capabilities().bucketAdmin()).isTrue();
    }
  }

  @Test
  @DisplayName("A created bucket is listed, with a creation date, and works as a store's bucket")
  void createListAndUse() {
    try (Store store = open(S3.newBucket())) {
      BucketInfo created = store.buckets().create("made-by-stowage");
      assertThat(created.region()).contains("us-east-1");
      assertThat(store.buckets().list())
          .filteredOn(b -> b.name().equals("made-by-stowage"))
          .singleElement()
          .satisfies(b -> assertThat(b.creationDate()).isPresent());
      assertThat(store.buckets().list()).extracting(BucketInfo::name).contains(store.location());
    }
    try (Store made = open("made-by-stowage")) {
      made.upload(UploadRequest.of("hello.txt"), "hi".getBytes(StandardCharsets.UTF_8));
      assertThat(made.readAllBytes("hello.txt")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("Creating a bucket that exists fails ALREADY_EXISTS, saying you own it")
  void duplicate() {
    String bucket = S3.newBucket();
    try (Store store = open(bucket)) {
      StorageException e =
          catchThrowableOfType(StorageException.class, () -> store.buckets().create(bucket));
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
      assertThat(e.getMessage()).contains("you already own it");
      assertThat(e.bucket()).isEqualTo(bucket);
      assertThat(e.driverId()).isEqualTo("s3");
    }
  }

  @Test
  @DisplayName("An invalid name fails INVALID_ARGUMENT naming the rule, before any request")
  void invalidNameSendsNothing() {
    try (Store store = open(S3.newBucket())) {
      requests.reset();
      StorageException e =
          catchThrowableOfType(
              StorageException.class, () -> store.buckets().create("Shop_Downloads"));
      assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains("Shop_Downloads").contains("upper-case");
      assertThat(
              catchThrowableOfType(
                      StorageException.class, () -> store.buckets().validateName("a..b"))
                  .code())
          .isEqualTo(Code.INVALID_ARGUMENT);
      assertThat(requests.count("CreateBucket")).isZero();
      assertThat(requests.count("ListBuckets")).isZero();
    }
  }
}
