package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.fixtures.GoodProvider;
import dev.stowage.fixtures.SecondGoodProvider;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {

  @Test
  @DisplayName("Broken providers on the class path are reported and skipped; the good ones load")
  void brokenProvidersDoNotHideGoodOnes() {
    DriverRegistry registry = DriverRegistry.load();

    assertThat(registry.ids()).containsExactly("good", "second");
    assertThat(registry.problems()).hasSize(3);
    assertThat(registry.problems())
        .extracting(DriverRegistry.LoadProblem::description)
        .anySatisfy(d -> assertThat(d).contains("ThrowingConstructorProvider"))
        .anySatisfy(d -> assertThat(d).contains("MissingProvider"))
        .anySatisfy(d -> assertThat(d).contains("NotAProvider"));
  }

  @Test
  @DisplayName("An unknown driver id fails with CONFIG_INVALID listing the ids that exist")
  void unknownIdListsAvailable() {
    DriverRegistry registry = DriverRegistry.load();

    assertThatThrownBy(() -> registry.provider("s4"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.Code.CONFIG_INVALID);
              assertThat(e.getMessage()).contains("'s4'", "good, second", "3 failed to load");
            });
  }

  @Test
  @DisplayName("Two providers claiming one id keep the first and report the clash")
  void duplicateIdsAreReported() {
    GoodProvider first = new GoodProvider();
    GoodProvider impostor = new GoodProvider() {};

    DriverRegistry registry = DriverRegistry.of(List.of(first, impostor, new SecondGoodProvider()));

    assertThat(registry.provider("good")).isSameAs(first);
    assertThat(registry.problems()).singleElement().asString().contains("claimed by both");
  }

  @Test
  @DisplayName("Opening by id checks the config against the driver's schema")
  void openChecksConfig() {
    DriverRegistry registry = DriverRegistry.load();

    assertThatThrownBy(
            () -> registry.open("good", DriverConfig.of(java.util.Map.of("bucket_", "x"))))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.Code.CONFIG_INVALID);
              assertThat(e.getMessage())
                  .contains("unknown setting 'bucket_'", "missing required setting 'bucket'");
            });
    try (Store store = registry.open("good", DriverConfig.builder().set("bucket", "b").build())) {
      assertThat(store.descriptor().badge().label()).isEqualTo("Good");
      assertThat(store.config().value("region")).hasValue("us-east-1");
    }
  }

  @Test
  @DisplayName("Store.open by id scans the class path once for its own class loader, not per call")
  void sharedRegistryIsKept() {
    assertThat(DriverRegistry.shared()).isSameAs(DriverRegistry.shared());
    assertThat(DriverRegistry.shared().ids()).containsExactly("good", "second");
  }

  @Test
  @DisplayName("Another context class loader gets its own discovery, never the kept registry")
  void otherClassLoaderIsScannedAfresh() {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    ClassLoader empty = new ClassLoader(null) {};
    try {
      thread.setContextClassLoader(empty);
      assertThat(DriverRegistry.shared().ids()).isEmpty();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
