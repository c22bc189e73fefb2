package dev.stowage.r2;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The kit against real Cloudflare R2, in a bucket you provide, when these are set: {@code
 * STOWAGE_IT_R2_ACCOUNT_ID}, {@code STOWAGE_IT_R2_BUCKET}, {@code STOWAGE_IT_R2_ACCESS_KEY_ID} and
 * {@code STOWAGE_IT_R2_SECRET_ACCESS_KEY} ({@code STOWAGE_IT_R2_JURISDICTION} too for a bucket in
 * the eu, fedramp or us jurisdiction). Skipped, with the reason, otherwise. Each test works under a
 * prefix of its own and deletes what it wrote; {@code harden} does change the bucket's lifecycle
 * and CORS rules: use a bucket for tests, and an API token with Admin Read &amp; Write permission
 * (an Object Read &amp; Write token fails the hardening tests, as it should).
 */
@EnabledIf(
    value = "configured",
    disabledReason =
        "Live R2 run not configured: set STOWAGE_IT_R2_ACCOUNT_ID, STOWAGE_IT_R2_BUCKET,"
            + " STOWAGE_IT_R2_ACCESS_KEY_ID and STOWAGE_IT_R2_SECRET_ACCESS_KEY to run the kit"
            + " against a real R2 bucket")
class R2LiveCompatibilityTest extends StorageDriverCompatibilityKit {

  static final String ACCOUNT_ID = "STOWAGE_IT_R2_ACCOUNT_ID";
  static final String BUCKET = "STOWAGE_IT_R2_BUCKET";
  static final String ACCESS_KEY_ID = "STOWAGE_IT_R2_ACCESS_KEY_ID";
  static final String SECRET_ACCESS_KEY = "STOWAGE_IT_R2_SECRET_ACCESS_KEY";
  static final String JURISDICTION = "STOWAGE_IT_R2_JURISDICTION";

  static boolean configured() {
    Map<String, String> env = System.getenv();
    return List.of(ACCOUNT_ID, BUCKET, ACCESS_KEY_ID, SECRET_ACCESS_KEY).stream()
        .allMatch(name -> env.get(name) != null && !env.get(name).isBlank());
  }

  @Override
  protected Store openStore(KitContext context) {
    DriverConfig.Builder config =
        DriverConfig.builder()
            .set(R2DriverProvider.ACCOUNT_ID, System.getenv(ACCOUNT_ID))
            .set(R2DriverProvider.BUCKET, System.getenv(BUCKET))
            .secret(R2DriverProvider.ACCESS_KEY_ID, System.getenv(ACCESS_KEY_ID))
            .secret(R2DriverProvider.SECRET_ACCESS_KEY, System.getenv(SECRET_ACCESS_KEY));
    String jurisdiction = System.getenv(JURISDICTION);
    if (jurisdiction != null && !jurisdiction.isBlank()) {
      config.set(R2DriverProvider.JURISDICTION, jurisdiction);
    }
    return Store.open(new R2DriverProvider(), config.build(), context.driverContext());
  }

  @Override
  protected Capabilities expectedCapabilities() {
    return R2DriverCompatibilityTest.r2();
  }
}
