package dev.stowage.testkit.memory;

import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;

/** The kit against the memory driver with signed URLs served by its embedded server. */
class MemoryDriverCompatibilityTest extends StorageDriverCompatibilityKit {

  @Override
  protected Store openStore(KitContext context) {
    return Store.open(
        new MemoryDriverProvider(),
        DriverConfig.builder().set("listen", "127.0.0.1:0").build(),
        context.driverContext());
  }
}
