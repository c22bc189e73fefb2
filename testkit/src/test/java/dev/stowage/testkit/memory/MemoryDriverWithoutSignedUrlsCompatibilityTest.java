package dev.stowage.testkit.memory;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.HttpMethod;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.util.EnumSet;

/**
 * The kit against the memory driver with signed URLs off: no presign method is declared, so every
 * presign test must find {@code UNSUPPORTED} instead. This keeps the kit's gating honest.
 */
class MemoryDriverWithoutSignedUrlsCompatibilityTest extends StorageDriverCompatibilityKit {

  @Override
  protected Store openStore(KitContext context) {
    return Store.open(new MemoryDriverProvider(), DriverConfig.empty(), context.driverContext());
  }

  /** As with signed URLs, but no presign method at all. */
  @Override
  protected Capabilities expectedCapabilities() {
    return MemoryDriverCompatibilityTest.memoryCapabilities(EnumSet.noneOf(HttpMethod.class));
  }
}
