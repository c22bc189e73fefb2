package dev.stowage.spi;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;

/**
 * The entry point of a driver, found with {@link java.util.ServiceLoader}. Register an
 * implementation with {@code @AutoService(StorageDriverProvider.class)}; it needs a public
 * no-argument constructor and should do no work until {@link #open}.
 */
public interface StorageDriverProvider {

  /** The id users select the driver by: lower-case, stable, e.g. {@code "s3"}. */
  default String id() {
    return descriptor().id();
  }

  /** Display name, badge and description for host UIs. */
  DriverDescriptor descriptor();

  /** The settings {@link #open} accepts. */
  ConfigSchema configSchema();

  /**
   * Opens a connection. {@code config} has already been checked against {@link #configSchema()} and
   * has its defaults filled in. Fail with {@code CONFIG_INVALID} for values that are present but
   * unusable; do no network I/O here (that is {@code verify}'s job).
   */
  StorageDriver open(DriverConfig config, DriverContext context);
}
