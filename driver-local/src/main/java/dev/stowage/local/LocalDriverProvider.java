package dev.stowage.local;

import com.google.auto.service.AutoService;
import dev.stowage.Badge;
import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import dev.stowage.spi.signing.SignedUrlSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@code local} driver: files in a folder on this machine, served to browsers through
 * HMAC-signed URLs. Settings: {@code root} (the folder, created if missing) and the signed-URL
 * settings of {@link SignedUrlSupport#CONFIG_PROPERTIES}.
 */
@AutoService(StorageDriverProvider.class)
public final class LocalDriverProvider implements StorageDriverProvider {

  static final String ROOT = "root";

  private static final DriverDescriptor DESCRIPTOR =
      new DriverDescriptor(
          LocalStorageDriver.ID,
          new Badge("Local", "#6b7280", "Local disk"),
          "Files in a folder on this server, downloaded and uploaded through signed URLs");

  private static final ConfigSchema SCHEMA = schema();

  private final Predicate<Path> ignoresCase;

  public LocalDriverProvider() {
    this(CaseProbe::ignoresCase);
  }

  /** For tests: whether a root's file system ignores case is answered, not probed. */
  LocalDriverProvider(Predicate<Path> ignoresCase) {
    this.ignoresCase = Objects.requireNonNull(ignoresCase, "ignoresCase");
  }

  @Override
  public DriverDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ConfigSchema configSchema() {
    return SCHEMA;
  }

  @Override
  public StorageDriver open(DriverConfig config, DriverContext context) {
    return LocalStorageDriver.open(config, context, ignoresCase);
  }

  private static ConfigSchema schema() {
    List<ConfigProperty> properties = new ArrayList<>();
    properties.add(
        ConfigProperty.required(
                ROOT, "Folder that holds the files, e.g. /var/lib/shop/files; created if missing")
            .locating());
    properties.addAll(SignedUrlSupport.CONFIG_PROPERTIES);
    return new ConfigSchema(properties);
  }
}
