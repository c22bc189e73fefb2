package com.acme.storage;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import dev.stowage.testkit.memory.MemoryDriverProvider;

/** The kit run as a driver author runs it (here on the template driver the author starts from). */
class AcmeDriverCompatibilityTest extends StorageDriverCompatibilityKit {
  @Override
  protected Store openStore(KitContext context) {
    return Store.open(
        new MemoryDriverProvider(), DriverConfig.builder().build(), context.driverContext());
  }

  /** What the driver must declare: the kit fails a driver that claims more, or less. */
  @Override
  protected Capabilities expectedCapabilities() {
    return Capabilities.builder()
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .verify(true)
        .maxSinglePutBytes(1L << 30)
        .maxObjectBytes(1L << 30)
        .build();
  }
}
