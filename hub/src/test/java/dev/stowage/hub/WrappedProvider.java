package dev.stowage.hub;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import java.util.function.UnaryOperator;

/** A real provider whose opened drivers pass through {@code wrapper}: how tests watch drivers. */
final class WrappedProvider implements StorageDriverProvider {

  private final StorageDriverProvider real;
  private final UnaryOperator<StorageDriver> wrapper;

  WrappedProvider(StorageDriverProvider real, UnaryOperator<StorageDriver> wrapper) {
    this.real = real;
    this.wrapper = wrapper;
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public DriverDescriptor descriptor() {
    return real.descriptor();
  }

  @Override
  public ConfigSchema configSchema() {
    return real.configSchema();
  }

  @Override
  public StorageDriver open(DriverConfig config, DriverContext context) {
    return wrapper.apply(real.open(config, context));
  }
}
