package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IoErrorsTest {

  private static final String ROOT = "/srv/shop/secret-root";
  private static final String KEY = "dl/app.zip";

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource({
    "nio, No space left on device, UNAVAILABLE, true",
    "nio, Disk quota exceeded, UNAVAILABLE, true",
    "nio, Read-only file system, PERMISSION_DENIED, false",
    "nio, File name too long, INVALID_KEY, false",
    "nio, Input/output error, UNAVAILABLE, true",
    "denied, Permission denied, PERMISSION_DENIED, false",
    "missing, No such file or directory, NOT_FOUND, false",
    "java.io, (Permission denied), PERMISSION_DENIED, false",
    "java.io, (File name too long), INVALID_KEY, false",
    "vfs, Could not read, UNAVAILABLE, true"
  })
  @DisplayName(
      "Messages name the key and the reason, never the absolute path; codes say whether to retry")
  void messagesNameTheKeyNotThePath(String kind, String reason, Code code, boolean retryable) {
    String path = ROOT + "/" + KEY;
    IOException io =
        switch (kind) {
          case "nio" -> new FileSystemException(path, null, reason);
          case "denied" -> new AccessDeniedException(path, null, reason);
          case "missing" -> new NoSuchFileException(path, null, reason);
          case "java.io" -> new FileNotFoundException(path + " " + reason);
          default -> new IOException(reason + " file:///" + path, new IOException(path));
        };
    // VFS wraps the JDK's exception in its own: the chain is searched, the outer message ignored.
    IOException wrapped = new IOException("Could not get the type of file:///" + path, io);

    for (IOException e : new IOException[] {io, wrapped}) {
      StorageException mapped = IoErrors.map(e, "reading", KEY);
      assertThat(mapped.code()).as(e.toString()).isEqualTo(code);
      assertThat(mapped.retryable()).as(e.toString()).isEqualTo(retryable);
      assertThat(mapped.getMessage()).contains("'" + KEY + "'").doesNotContain(ROOT);
      for (Throwable t = mapped.getCause(); t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(ROOT);
      }
    }
  }

  @Test
  @DisplayName("A path past PATH_MAX is INVALID_KEY even when the system speaks another language")
  void pathMaxWhateverTheLocale() {
    String path = ROOT + "/" + "d".repeat(200).repeat(21) + "/" + KEY;
    StorageException mapped =
        IoErrors.map(new FileSystemException(path, null, "Dateiname zu lang"), "writing", KEY);
    assertThat(mapped.code()).isEqualTo(Code.INVALID_KEY);
    assertThat(mapped.retryable()).isFalse();
  }

  @Test
  @DisplayName(
      "A key too long for the file system under a deep root is INVALID_KEY, not worth a retry")
  void nameTooLongIsInvalidKey(@TempDir Path sandbox) throws IOException {
    // Past PATH_MAX (4096 bytes on Linux) only with the root's own path: every name is short.
    Path root = sandbox;
    while (root.toString().length() < 3600) {
      root = root.resolve("d".repeat(200));
    }
    Files.createDirectories(root);
    String key = ("k".repeat(200) + "/").repeat(3) + "file.bin";
    try (Store store = TestStores.open(root)) {
      StorageException e =
          catchThrowableOfType(
              StorageException.class,
              () -> store.upload(UploadRequest.of(key), "x".getBytes(UTF_8)));
      assertThat(e.code()).isEqualTo(Code.INVALID_KEY);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).doesNotContain(root.toString());
      assertThat(TestStores.tempFiles(sandbox)).isEmpty();
    }
  }
}
