package dev.stowage.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BucketSettingTest {

  @Test
  @DisplayName(
      "a query naming one bucket setting is ours; one naming two is not (the signature cannot say"
          + " which came first)")
  void exactlyOne() {
    assertThat(BucketSetting.named("cors")).isPresent();
    assertThat(BucketSetting.named("lifecycle=")).isPresent();
    assertThat(BucketSetting.named("cors&lifecycle")).isEmpty();
    assertThat(BucketSetting.named("lifecycle&cors")).isEmpty();
    assertThat(BucketSetting.named("list-type=2")).isEmpty();
    assertThat(BucketSetting.named(null)).isEmpty();
  }
}
