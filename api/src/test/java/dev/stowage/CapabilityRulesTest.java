package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException.Code;
import dev.stowage.fixtures.GoodProvider;
import dev.stowage.fixtures.RecordingDriver;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link Capabilities} starts with, and the declared fields {@link Store} enforces. */
class CapabilityRulesTest {

  private RecordingDriver driver;

  private Store store(Capabilities caps) {
    driver = new RecordingDriver(caps, List.of());
    return Store.open(
        new GoodProvider() {
          @Override
          public StorageDriver open(DriverConfig config, DriverContext context) {
            return driver;
          }
        },
        DriverConfig.builder().set("bucket", "b").build(),
        DriverContext.create());
  }

  private static Code codeOf(Runnable r) {
    try {
      r.run();
    } catch (StorageException e) {
      return e.code();
    }
    throw new AssertionError("no exception");
  }

  @Test
  @DisplayName("A new driver's capabilities claim nothing until the driver turns it on")
  void builderStartsWithEverythingOff() {
    Capabilities c = Capabilities.builder().build();
    assertThat(c.presignMethods()).isEmpty();
    assertThat(c.presignPost()).isFalse();
    assertThat(c.createOnly()).isFalse();
    assertThat(c.rangedReads()).isFalse();
    assertThat(c.userMetadata()).isFalse();
    assertThat(c.hardeningSettings()).isEmpty();
    assertThat(c.verify()).isFalse();
    assertThat(c.bucketAdmin()).isFalse();
  }

  @Test
  @DisplayName("Undeclared features fail UNSUPPORTED without reaching the driver")
  void undeclaredFeaturesNeverReachTheDriver() {
    Store store = store(Capabilities.builder().build());
    assertThat(codeOf(store::verify)).isEqualTo(Code.UNSUPPORTED);
    assertThat(
            codeOf(
                () ->
                    store.upload(
                        UploadRequest.builder("k").metadata("owner", "me").build(), new byte[1])))
        .isEqualTo(Code.UNSUPPORTED);
    assertThat(codeOf(() -> store.download("k", ByteRange.of(0, 0)))).isEqualTo(Code.UNSUPPORTED);
    assertThat(driver.calls).isEmpty();
  }

  @Test
  @DisplayName("verify reaches the driver only when the driver declares it")
  void verifyWhenDeclared() {
    Store store = store(Capabilities.builder().verify(true).build());
    assertThat(store.verify().driverId()).isEqualTo("recording");
    assertThat(driver.calls).containsExactly("verify [READ, LIST, WRITE, DELETE]");
  }

  @Test
  @DisplayName(
      "A POST policy allowing more than maxSinglePutBytes is refused with INVALID_ARGUMENT first")
  void postPolicyWithinOneRequest() {
    Store store = store(Capabilities.builder().presignPost(true).maxSinglePutBytes(1000).build());
    Duration ttl = Duration.ofMinutes(5);
    assertThatThrownBy(() -> store.presignPost(PostPolicyRequest.exactKey("k", 1001, ttl)))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("1001").contains("1000");
            });
    // At the limit the request reaches the driver, whose default answers UNSUPPORTED.
    assertThat(codeOf(() -> store.presignPost(PostPolicyRequest.exactKey("k", 1000, ttl))))
        .isEqualTo(Code.UNSUPPORTED);
  }

  @Test
  @DisplayName("Limits that contradict each other are refused when the capabilities are built")
  void contradictoryLimits() {
    assertThatThrownBy(() -> Capabilities.builder().maxSinglePutBytes(10).maxObjectBytes(5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capabilities.builder().maxSinglePutBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
