package dev.stowage.testkit.memory;

import com.google.auto.service.AutoService;
import dev.stowage.Badge;
import dev.stowage.ConfigSchema;
import dev.stowage.DriverConfig;
import dev.stowage.DriverDescriptor;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import dev.stowage.spi.signing.SignedUrlSupport;
import java.util.UUID;

/**
 * The {@code memory} driver's entry point. {@code @AutoService} writes the {@code
 * META-INF/services} file at compile time, so {@code Store.open("memory", config)} finds it with
 * nothing else to register.
 */
@AutoService(StorageDriverProvider.class)
public final class MemoryDriverProvider implements StorageDriverProvider {

  public static final String ID = "memory";

  // Built once: discovery instantiates every provider on the class path, so a provider's
  // constructor and these getters must be cheap and must never fail.
  private static final DriverDescriptor DESCRIPTOR =
      new DriverDescriptor(
          ID,
          new Badge("Memory", "#8b5cf6", "In-memory"),
          "Objects kept in this process's memory and lost when it exits; for tests and demos.");

  // Nothing is required: an in-memory store needs no bucket or credentials. The shared signed-URL
  // settings are the only ones, so presigning works exactly as it does for the local driver.
  private static final ConfigSchema SCHEMA = new ConfigSchema(SignedUrlSupport.CONFIG_PROPERTIES);

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
    // The config is already checked against SCHEMA with defaults filled in. Bad values fail here
    // with CONFIG_INVALID (fromConfig does that), so a store that opens is a store that works.
    // Each memory store is its own little world: a random identity, so a link one store minted
    // opens nothing in another, even with the same signingKey (a disk-backed driver would use
    // something stable across restarts, such as its root folder).
    SignedUrlSupport signedUrls =
        SignedUrlSupport.fromConfig(config, context, "memory:" + UUID.randomUUID());
    MemoryStorageDriver driver = new MemoryStorageDriver(signedUrls, context.clock());
    // Serves this driver's signed URLs when 'listen' asked for an embedded server; otherwise the
    // host mounts signedUrls.handler(driver) at 'publicBaseUrl' itself.
    signedUrls.mount(driver);
    return driver;
  }
}
