package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.ByteRange;
import dev.stowage.DriverConfig;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads from a file (copied by the kernel, hashed and forced on two threads) and downloads into a
 * file or a response body (FileChannel-backed streams): the same bytes, ETags and atomicity as the
 * stream paths.
 */
class FileTransferTest {

  /**
   * Above the size where the copy is hashed while it is forced to disk, on a second thread. Files
   * are compared on disk and by digest: the tests run in a 64 MiB heap.
   */
  private static final int LARGE = 9 * 1024 * 1024 + 123;

  @TempDir Path root;
  @TempDir Path work;
  Store store;

  @BeforeEach
  void setUp() {
    store =
        TestStores.open(
            DriverConfig.builder()
                .set("root", root.toString())
                .set("listen", "127.0.0.1:0")
                .secret("signingKey", "0123456789abcdef0123456789abcdef")
                .build());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("a large and a small upload from a file store its bytes, with their MD5 as ETag")
  void pathUploads() throws Exception {
    for (int size : new int[] {0, 1, 70_000, LARGE}) {
      Path file = randomFile("in-" + size, size, size);
      ObjectInfo info = store.upload(UploadRequest.of("f/" + size + ".bin"), file);
      assertThat(info.size()).isEqualTo(size);
      assertThat(info.etag()).contains("\"" + md5(file) + "\"");
      assertThat(store.stat("f/" + size + ".bin").etag()).isEqualTo(info.etag());
      assertThat(Files.mismatch(root.resolve("f/" + size + ".bin"), file)).isEqualTo(-1);
    }
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName(
      "a create-only upload from a file over an existing key stores nothing, leaves nothing")
  void pathUploadCreateOnlyIsAtomic() throws Exception {
    Path old = randomFile("old", LARGE, 1);
    store.upload(UploadRequest.of("k.bin"), old);
    Path replacement = randomFile("new", LARGE, 2);

    StorageException e =
        catchThrowableOfType(
            StorageException.class,
            () ->
                store.upload(UploadRequest.builder("k.bin").createOnly(true).build(), replacement));
    assertThat(e.code()).isEqualTo(Code.ALREADY_EXISTS);
    assertThat(Files.mismatch(root.resolve("k.bin"), old)).isEqualTo(-1);
    assertThat(TestStores.tempFiles(root)).isEmpty();
  }

  @Test
  @DisplayName("a whole download and a ranged one arrive intact in a FileOutputStream and a stream")
  void downloadsIntoFilesAndStreams() throws Exception {
    Path source = randomFile("d", LARGE, 3);
    store.upload(UploadRequest.of("d.bin"), source);

    Path whole = work.resolve("whole");
    try (ObjectContent content = store.download("d.bin");
        OutputStream out = new FileOutputStream(whole.toFile())) {
      assertThat(content.stream().transferTo(out)).isEqualTo(LARGE);
    }
    assertThat(Files.mismatch(whole, source)).isEqualTo(-1);

    Path copied = work.resolve("copied");
    try (ObjectContent content = store.download("d.bin")) {
      Files.copy(content.stream(), copied);
    }
    assertThat(Files.mismatch(copied, source)).isEqualTo(-1);

    // A range, read partly by hand and the rest by the kernel: no byte lost or repeated.
    Path part = work.resolve("part");
    try (ObjectContent content = store.download("d.bin", ByteRange.of(1_000, 5_000_000));
        OutputStream out = new FileOutputStream(part.toFile())) {
      InputStream in = content.stream();
      byte[] head = in.readNBytes(10);
      out.write(head);
      assertThat(in.skip(90)).isEqualTo(90);
      out.write(new byte[90]);
      in.transferTo(out);
      assertThat(in.read()).isEqualTo(-1);
    }
    byte[] bytes = Files.readAllBytes(source);
    byte[] expected = Arrays.copyOfRange(bytes, 1_000, 5_000_001);
    Arrays.fill(expected, 10, 100, (byte) 0);
    assertThat(Arrays.equals(Files.readAllBytes(part), expected)).isTrue();

    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    try (ObjectContent content = store.download("d.bin", ByteRange.of(7, 70_006))) {
      assertThat(content.stream().transferTo(memory)).isEqualTo(70_000);
    }
    assertThat(memory.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 7, 70_007));
  }

  @Test
  @DisplayName("a download opened before an overwrite reads the old bytes to the end")
  void downloadOpenedBeforeOverwrite() throws Exception {
    Path old = randomFile("r-old", LARGE, 4);
    store.upload(UploadRequest.of("r.bin"), old);
    Path target = work.resolve("r");
    try (ObjectContent content = store.download("r.bin");
        OutputStream out = new FileOutputStream(target.toFile())) {
      store.upload(UploadRequest.of("r.bin"), random(1_000, 5));
      content.stream().transferTo(out);
    }
    assertThat(Files.mismatch(target, old)).isEqualTo(-1);
  }

  @Test
  @DisplayName("a signed link serves a large file whole")
  void signedLinkServesLargeFile() throws Exception {
    Path source = randomFile("s", LARGE, 6);
    store.upload(UploadRequest.of("s.bin"), source);
    var get = store.presign(PresignRequest.get("s.bin", Duration.ofMinutes(5)));
    Path body =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(get.uri()).build(), BodyHandlers.ofFile(work.resolve("b")))
            .body();
    assertThat(Files.mismatch(body, source)).isEqualTo(-1);
  }

  private Path randomFile(String name, int size, long seed) throws Exception {
    Random random = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    Path file = work.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, Math.min(left, chunk.length));
      }
    }
    return file;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String md5(Path file) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md5.digest());
  }
}
