package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ConfigProperty;
import dev.stowage.DriverRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The settings whose change gives a connection a new location, per driver, as the hub sees them.
 */
class LocatingSettingsTest {

  private static java.util.List<String> locating(String driver) {
    return DriverRegistry.shared().provider(driver).configSchema().properties().stream()
        .filter(ConfigProperty::locatesObjects)
        .map(ConfigProperty::name)
        .toList();
  }

  @Test
  @DisplayName(
      "S3: bucket, region, endpoint; R2: account, jurisdiction, bucket, public URL, endpoint; local: root")
  void perDriver() {
    assertThat(locating("s3")).containsExactlyInAnyOrder("bucket", "region", "endpoint");
    assertThat(locating("r2"))
        .containsExactlyInAnyOrder(
            "accountId", "jurisdiction", "bucket", "publicBaseUrl", "endpoint");
    assertThat(locating("local")).containsExactly("root");
  }
}
