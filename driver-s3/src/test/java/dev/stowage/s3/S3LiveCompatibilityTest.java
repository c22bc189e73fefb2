package dev.stowage.s3;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The kit against real Amazon S3, in a bucket you provide, when these are set: {@code
 * STOWAGE_IT_S3_BUCKET}, {@code STOWAGE_IT_S3_REGION}, {@code STOWAGE_IT_S3_ACCESS_KEY_ID} and
 * {@code STOWAGE_IT_S3_SECRET_ACCESS_KEY} ({@code STOWAGE_IT_S3_SESSION_TOKEN} too for temporary
 * credentials). Skipped, with the reason, otherwise. Each test works under a prefix of its own and
 * deletes what it wrote; {@code harden} does change the bucket's settings: use a bucket for tests.
 * The keys need {@link S3Policies#MANAGER}.
 */
@EnabledIf(
    value = "configured",
    disabledReason =
        "Live AWS run not configured: set STOWAGE_IT_S3_BUCKET, STOWAGE_IT_S3_REGION,"
            + " STOWAGE_IT_S3_ACCESS_KEY_ID and STOWAGE_IT_S3_SECRET_ACCESS_KEY to run the kit"
            + " against a real S3 bucket")
class S3LiveCompatibilityTest extends StorageDriverCompatibilityKit {

  static final String BUCKET = "STOWAGE_IT_S3_BUCKET";
  static final String REGION = "STOWAGE_IT_S3_REGION";
  static final String ACCESS_KEY_ID = "STOWAGE_IT_S3_ACCESS_KEY_ID";
  static final String SECRET_ACCESS_KEY = "STOWAGE_IT_S3_SECRET_ACCESS_KEY";
  static final String SESSION_TOKEN = "STOWAGE_IT_S3_SESSION_TOKEN";

  static boolean configured() {
    Map<String, String> env = System.getenv();
    return List.of(BUCKET, REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY).stream()
        .allMatch(name -> env.get(name) != null && !env.get(name).isBlank());
  }

  @Override
  protected Store openStore(KitContext context) {
    DriverConfig.Builder config =
        DriverConfig.builder()
            .set(S3DriverProvider.BUCKET, System.getenv(BUCKET))
            .set(S3DriverProvider.REGION, System.getenv(REGION))
            .secret(S3DriverProvider.ACCESS_KEY_ID, System.getenv(ACCESS_KEY_ID))
            .secret(S3DriverProvider.SECRET_ACCESS_KEY, System.getenv(SECRET_ACCESS_KEY));
    String token = System.getenv(SESSION_TOKEN);
    if (token != null && !token.isBlank()) {
      config.secret(S3DriverProvider.SESSION_TOKEN, token);
    }
    return Store.open(new S3DriverProvider(), config.build(), context.driverContext());
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return ExpectedCapabilities.amazonS3();
  }
}
