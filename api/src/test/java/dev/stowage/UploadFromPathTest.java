package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.StorageException.Code;
import dev.stowage.fixtures.GoodProvider;
import dev.stowage.fixtures.RecordingDriver;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store: uploading a file that is not there (this tests Store; the drivers test their own path).
 */
class UploadFromPathTest {

  @TempDir Path dir;

  @Test
  @DisplayName("Store: a missing file fails INVALID_ARGUMENT, not retryable UNAVAILABLE")
  void storeRefusesMissingFile() {
    RecordingDriver driver = new RecordingDriver(Capabilities.builder().build(), List.of());
    try (Store store =
        Store.open(
            new GoodProvider() {
              @Override
              public StorageDriver open(DriverConfig config, DriverContext context) {
                return driver;
              }
            },
            DriverConfig.builder().set("bucket", "b").build(),
            DriverContext.create())) {
      StorageException e =
          catchThrowableOfType(
              StorageException.class,
              () -> store.upload(UploadRequest.of("k"), dir.resolve("missing.zip")));
      assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("missing.zip");
    }
  }
}
