package dev.stowage.hub.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ConfigSchema;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Real driver schemas, files holding settings, environments and system properties for tests. */
final class ConfigFixtures {

  private static final DriverRegistry REGISTRY = DriverRegistry.load();

  private ConfigFixtures() {}

  static ConfigSchema schema(String providerId) {
    return REGISTRY.provider(providerId).configSchema();
  }

  /** Writes a properties file readable by its owner only, as a file holding secrets must be. */
  static Path writePrivate(Path file, String... lines) {
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Properties properties(String... keysAndValues) {
    Properties p = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return p;
  }

  static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  /** Sources with no real environment or system properties, so the build's own cannot leak in. */
  static LayeredSettingSources.Builder isolated() {
    return LayeredSettingSources.builder()
        .environment(name -> null)
        .systemProperties(Properties::new);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertConfigInvalid(
      ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(StorageException.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((StorageException) e).code())
                    .isEqualTo(StorageException.Code.CONFIG_INVALID));
  }
}
