package dev.stowage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An upload that fails leaves nothing behind")
class AtomicUploadTest {

  @TempDir Path root;
  Store store;

  @BeforeEach
  void setUp() {
    store = TestStores.open(root);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("a stream that throws midway stores neither the object nor a temporary file")
  void failingStreamNewKey() {
    assertThatThrownBy(
            () ->
                store.upload(
                    UploadRequest.of("dir/sub/new.bin"), new FailingStream(200_000, false)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
    assertThat(store.exists("dir/sub/new.bin")).isFalse();
    assertThat(Files.exists(root.resolve("dir/sub/new.bin"))).isFalse();
    assertThat(TestStores.tempFiles(root)).isEmpty();
    assertThat(store.listAll("").toList()).isEmpty();
  }

  @Test
  @DisplayName("a stream that throws an unchecked exception midway leaves nothing either")
  void failingStreamRuntimeException() {
    assertThatThrownBy(
            () -> store.upload(UploadRequest.of("x.bin"), new FailingStream(70_000, true)))
        .isInstanceOf(StorageException.class);
    assertThat(store.exists("x.bin")).isFalse();
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("a failed overwrite keeps the old content and metadata")
  void failedOverwriteKeepsOld() {
    ObjectInfo old =
        store.upload(
            UploadRequest.builder("doc.txt")
                .contentType("text/plain")
                .metadata("version", "1")
                .build(),
            "old content".getBytes(UTF_8));
    assertThatThrownBy(
            () ->
                store.upload(
                    UploadRequest.builder("doc.txt")
                        .contentType("application/pdf")
                        .metadata("version", "2")
                        .build(),
                    new FailingStream(100_000, false)))
        .isInstanceOf(StorageException.class);
    assertThat(new String(store.readAllBytes("doc.txt"), UTF_8)).isEqualTo("old content");
    ObjectInfo now = store.stat("doc.txt");
    assertThat(now.contentType()).contains("text/plain");
    assertThat(now.metadata()).containsEntry("version", "1");
    assertThat(now.etag()).isEqualTo(old.etag());
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("a stream shorter than its declared length is not stored")
  void shortStream() {
    byte[] ten = new byte[10];
    assertThatThrownBy(
            () ->
                store.upload(
                    UploadRequest.of("short.bin"), new java.io.ByteArrayInputStream(ten), 20))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT));
    assertThat(store.exists("short.bin")).isFalse();
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("the ETag is the quoted MD5 of the bytes, and metadata survives a reopen")
  void etagAndSidecar() throws Exception {
    ObjectInfo stored =
        store.upload(
            UploadRequest.builder("a/report.pdf")
                .metadata("owner", "ada")
                .downloadFilename("Rapport été.pdf")
                .build(),
            "hello".getBytes(UTF_8));
    assertThat(stored.etag()).contains("\"5d41402abc4b2a76b9719d911017c592\"");
    assertThat(stored.contentType()).contains("application/pdf");
    store.close();
    store = TestStores.open(root);
    ObjectInfo info = store.stat("a/report.pdf");
    assertThat(info.etag()).isEqualTo(stored.etag());
    assertThat(info.contentType()).contains("application/pdf");
    assertThat(info.metadata()).containsExactlyEntriesOf(java.util.Map.of("owner", "ada"));
    assertThat(info.contentDisposition().orElseThrow())
        .contains("filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf");
    assertThat(info.size()).isEqualTo(5);
    assertThat(info.lastModified()).isEqualTo(stored.lastModified());
  }

  @Test
  @DisplayName("files and folders are created owner-only")
  void ownerOnlyOnCreate() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        root.getFileSystem().supportedFileAttributeViews().contains("posix"));
    store.upload(UploadRequest.of("p/q/file.bin"), new byte[] {1});
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("p/q/file.bin"))))
        .isEqualTo("rw-------");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("p/q"))))
        .isEqualTo("rwx------");
  }

  /** Gives {@code failAfter} bytes, then throws. */
  static final class FailingStream extends InputStream {
    private final long failAfter;
    private final boolean unchecked;
    private long given;

    FailingStream(long failAfter, boolean unchecked) {
      this.failAfter = failAfter;
      this.unchecked = unchecked;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (given >= failAfter) {
        if (unchecked) {
          throw new IllegalStateException("source broke");
        }
        throw new IOException("connection reset by peer");
      }
      int n = (int) Math.min(len, failAfter - given);
      java.util.Arrays.fill(b, off, off + n, (byte) 'x');
      given += n;
      return n;
    }
  }
}
