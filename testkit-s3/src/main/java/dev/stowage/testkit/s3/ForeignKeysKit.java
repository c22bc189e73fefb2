package dev.stowage.testkit.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.Keys;
import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.SearchRequest;
import dev.stowage.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys other tools write, for an S3-based driver: a bucket on the embedded S3 server ({@link
 * EmbeddedS3Server#startWithExactKeys()}, which keeps {@code a//b} apart from {@code a/b}) seeded
 * with a folder marker, {@code a//b}, a key with a trailing {@code /} and content, a key with a
 * control character and ordinary keys, once through the AWS SDK and once through aws-cli. Through
 * {@link Store}, it must list to the end in pages of two (so a foreign key ends a page), search to
 * the end, skip the zero-byte folder marker, and stat, download and delete every listed object.
 *
 * <p>A driver's test extends it with how to open a store on a bucket and the driver's SDK client.
 * The aws-cli test is skipped, saying so, when {@code aws} is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ForeignKeysKit {

  /** Seeded keys and their bodies; the zero-byte folder marker is not listed. */
  private static final Map<String, String> SEEDED = new LinkedHashMap<>();

  private static final String FOLDER_MARKER = "photos/";

  static {
    SEEDED.put("0.txt", "zero");
    SEEDED.put("a//b", "double slash");
    SEEDED.put("a/b", "single slash");
    SEEDED.put("ctl\u0001x", "control character");
    SEEDED.put("photos/cat.jpg", "a cat");
    SEEDED.put("trail/", "a trailing slash with content");
    SEEDED.put("z.txt", "last");
  }

  private EmbeddedS3Server server;

  /** A store of the driver under test on {@code bucket} of {@code server}. */
  protected abstract Store openStore(EmbeddedS3Server server, String bucket);

  /** The driver's own SDK client behind {@code store}, used to seed and inspect the bucket. */
  protected abstract S3Client sdkClient(Store store);

  @BeforeAll
  void startServer() {
    server = EmbeddedS3Server.startWithExactKeys();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName(
      "Keys seeded with the AWS SDK list to the end in pages of two, search to the end, and each"
          + " listed object can be stat'ed, downloaded and deleted; the folder marker is skipped")
  void seededWithTheSdk() {
    String bucket = "sdk-" + Long.toHexString(System.nanoTime());
    server.createBucket(bucket);
    try (Store store = openStore(server, bucket)) {
      S3Client s3 = sdkClient(store);
      s3.putObject(b -> b.bucket(bucket).key(FOLDER_MARKER), RequestBody.empty());
      SEEDED.forEach(
          (key, body) ->
              s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)));
      assertEveryKeyWorks(store, s3, bucket);
    }
  }

  @Test
  @DisplayName(
      "Keys seeded with aws-cli (s3api put-object) list to the end and each listed object can be"
          + " stat'ed, downloaded and deleted through the Store")
  void seededWithAwsCli(@TempDir Path temp) throws Exception {
    assumeTrue(
        awsCliPresent(),
        "aws-cli is not installed ('aws' is not on the PATH): install it (Debian: apt-get install"
            + " -y awscli) to run this test; CI does");
    String bucket = "cli-" + Long.toHexString(System.nanoTime());
    server.createBucket(bucket);
    Path empty = Files.write(temp.resolve("empty"), new byte[0]);
    aws(temp, "s3api", "put-object", "--bucket", bucket, "--key", FOLDER_MARKER, "--body", empty);
    for (Map.Entry<String, String> e : SEEDED.entrySet()) {
      Path body = Files.writeString(temp.resolve("body"), e.getValue());
      aws(temp, "s3api", "put-object", "--bucket", bucket, "--key", e.getKey(), "--body", body);
    }
    try (Store store = openStore(server, bucket)) {
      assertEveryKeyWorks(store, sdkClient(store), bucket);
    }
  }

  private void assertEveryKeyWorks(Store store, S3Client s3, String bucket) {
    List<String> expected = new ArrayList<>(SEEDED.keySet());
    assertThat(rawKeys(s3, bucket))
        .as("the bucket holds every seeded key apart")
        .containsExactlyInAnyOrderElementsOf(concat(expected, FOLDER_MARKER));
    assertThat(expected).as("foreign keys end pages of two").anyMatch(k -> !Keys.isValid(k));

    assertThat(walk(c -> store.list(ListRequest.builder("").pageSize(2).cursor(c).build())))
        .isEqualTo(expected);
    assertThat(walk(c -> store.list(ListRequest.builder("").pageSize(1).cursor(c).build())))
        .isEqualTo(expected);
    assertThat(
            walk(
                c ->
                    store.search(
                        SearchRequest.glob("*").toBuilder().pageSize(2).cursor(c).build())))
        .isEqualTo(expected);
    assertThat(store.listAll("a//").map(ObjectInfo::key)).containsExactly("a//b");

    for (String key : expected) {
      byte[] body = SEEDED.get(key).getBytes(UTF_8);
      ObjectInfo info = store.stat(key);
      assertThat(info.key()).isEqualTo(key);
      assertThat(info.size()).as(Keys.printable(key)).isEqualTo(body.length);
      assertThat(store.readAllBytes(key)).as(Keys.printable(key)).isEqualTo(body);
      store.delete(key);
      assertThat(store.exists(key)).as(Keys.printable(key)).isFalse();
    }
    assertThat(store.listAll("")).isEmpty();
    // The marker was never listed, and still is what it was: the Store can name it, though.
    assertThat(rawKeys(s3, bucket)).containsExactly(FOLDER_MARKER);
    assertThat(store.stat(FOLDER_MARKER).size()).isZero();
    store.delete(FOLDER_MARKER);
    assertThat(rawKeys(s3, bucket)).isEmpty();
  }

  private static List<String> walk(Function<String, Page<ObjectInfo>> fetch) {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    do {
      Page<ObjectInfo> page = fetch.apply(cursor);
      page.items().forEach(i -> keys.add(i.key()));
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    return keys;
  }

  private static List<String> rawKeys(S3Client s3, String bucket) {
    return s3
        .listObjectsV2Paginator(b -> b.bucket(bucket).encodingType(EncodingType.URL))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  private static List<String> concat(List<String> keys, String more) {
    List<String> all = new ArrayList<>(keys);
    all.add(more);
    return all;
  }

  private static boolean awsCliPresent() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs aws-cli against the embedded server only: its loopback endpoint and generated keys from
   * the environment, no profile or config file, no instance metadata lookup, no CA bundle.
   */
  private void aws(Path temp, Object... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint()));
    for (Object a : args) {
      command.add(a.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", server.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", server.secretKey());
    env.put("AWS_DEFAULT_REGION", server.region());
    env.put("AWS_CONFIG_FILE", temp.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("no-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("aws-cli did not finish: " + command);
    }
    assertThat(p.exitValue()).as("aws-cli %s: %s", args[1], output).isZero();
  }

  private String endpoint() {
    return server.endpoint().toString();
  }
}
