package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file source reports when the file is not there: the caller's mistake, not an outage. */
class UploadSourceTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "A missing file is INVALID_ARGUMENT, not retryable, naming the file but not its path")
  void missingFile() {
    UploadSource source = UploadSource.ofPath(dir.resolve("app-1.0.zip"));
    for (Runnable read : new Runnable[] {source::length, source::open}) {
      StorageException e = catchThrowableOfType(StorageException.class, read::run);
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("app-1.0.zip").doesNotContain(dir.toString());
    }
  }

  @Test
  @DisplayName("only a file source names its file, and not once a wrapper must see the bytes")
  void fileOnlyForPaths() {
    Path file = dir.resolve("app.zip");
    UploadSource path = UploadSource.ofPath(file);
    assertThat(path.file()).contains(file);
    assertThat(UploadSource.ofBytes(new byte[1]).file()).isEmpty();
    assertThat(UploadSource.ofStream(java.io.InputStream.nullInputStream(), 0).file()).isEmpty();
    assertThat(UploadSource.wrapping(path, in -> in).file()).isEmpty();
  }
}
