package dev.stowage.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemoryDriverRegistrationTest {

  @Test
  @DisplayName("The memory driver is found by ServiceLoader through its @AutoService registration")
  void discoveredById() {
    DriverRegistry registry = DriverRegistry.load();
    assertThat(registry.ids()).contains(MemoryDriverProvider.ID);
    assertThat(registry.problems()).isEmpty();
  }
}
