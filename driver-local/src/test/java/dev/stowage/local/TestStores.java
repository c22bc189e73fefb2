package dev.stowage.local;

import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens stores on a temporary root, the way users do: through {@link Store}. */
final class TestStores {

  private TestStores() {}

  static Store open(Path root) {
    return open(DriverConfig.builder().set("root", root.toString()).build());
  }

  static Store open(DriverConfig config) {
    return Store.open(new LocalDriverProvider(), config, DriverContext.create());
  }

  /** Every path under {@code dir} whose file name starts with the temporary-file prefix. */
  static List<Path> tempFiles(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> p.getFileName().toString().startsWith(KeyPaths.TEMP_PREFIX)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
