package dev.stowage.hub.store;

import static dev.stowage.hub.store.StoreRecords.file;
import static dev.stowage.hub.store.StoreRecords.next;
import static dev.stowage.hub.store.StoreRecords.rich;
import static dev.stowage.hub.store.StoreRecords.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the file store (a second hub is a second instance on the file), and its file. */
class FileConnectionStoreTest extends ConnectionStoreContract {

  @TempDir Path dir;

  private Path storeFile() {
    return dir.resolve("hub/connections.store");
  }

  @Override
  protected ConnectionStore newStore() {
    return FileConnectionStore.open(storeFile());
  }

  @Override
  protected ConnectionStore sameDataStore() {
    return FileConnectionStore.open(storeFile());
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> s = Files.list(storeFile().getParent())) {
      return s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
    }
  }

  private StorageException failure(ConnectionStore s) {
    try {
      s.connections();
    } catch (StorageException e) {
      return e;
    }
    throw new AssertionError("the store read a broken file");
  }

  @Test
  @DisplayName("The file and its lock file are readable by their owner only")
  void ownerOnly() throws IOException {
    Assumptions.assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    store.insert(simple("c"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile())))
        .isEqualTo("rw-------");
    Path lock = storeFile().resolveSibling("connections.store.lock");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)))
        .isEqualTo("rw-------");
  }

  @Test
  @DisplayName(
      "A missing file is an empty store; the first change creates it with a versioned header")
  void createdOnFirstChange() throws IOException {
    assertThat(store.connections()).isEmpty();
    assertThat(Files.exists(storeFile())).isFalse();
    store.insert(rich("s3-main"));
    String text = Files.readString(storeFile(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("stowage-connection-store 2\n");
    assertThat(text.lines().reduce((a, b) -> b).orElseThrow()).matches("sha256 [0-9a-f]{64}");
  }

  @Test
  @DisplayName(
      "A failure between writing and moving keeps the old file and leaves no temporary file")
  void failureBeforeMove() throws IOException {
    FileConnectionStore fileStore = (FileConnectionStore) store;
    store.insert(simple("c"));
    byte[] before = Files.readAllBytes(storeFile());
    fileStore.beforeMove =
        temp -> {
          assertThat(temp).exists();
          throw new UncheckedIOException(new IOException("injected: disk full"));
        };
    ConnectionRecord v2 = next(simple("c"), Map.of("changed", "yes"));
    assertThatThrownBy(() -> store.update(v2))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains(storeFile().toString());
            });
    assertThat(Files.readAllBytes(storeFile())).isEqualTo(before);
    assertThat(temporaryFiles()).isEmpty();
    assertThat(FileConnectionStore.open(storeFile()).connection("c")).contains(simple("c"));

    fileStore.beforeMove = temp -> {};
    store.update(v2);
    assertThat(FileConnectionStore.open(storeFile()).connection("c")).contains(v2);
  }

  @Test
  @DisplayName("Temporary files a crashed writer left are removed by the next write")
  void leftoversRemoved() throws IOException {
    store.insert(simple("c"));
    Files.writeString(storeFile().resolveSibling("connections.store.tmp-123"), "half a wri");
    store.putFile(file("c", "k"));
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  @DisplayName("A file name with glob characters still has its leftovers removed")
  void globCharactersInName() throws IOException {
    Path odd = dir.resolve("hub[1]{a,b}*.store");
    FileConnectionStore s = FileConnectionStore.open(odd);
    s.insert(simple("c"));
    Files.writeString(odd.resolveSibling("hub[1]{a,b}*.store.tmp-9"), "left over");
    s.putFile(file("c", "k"));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("hub[1]{a,b}*.store", "hub[1]{a,b}*.store.lock");
    }
    assertThat(FileConnectionStore.open(odd).countFiles("c")).isEqualTo(1);
  }

  @Test
  @DisplayName("A truncated file fails CONFIG_INVALID naming the file, never reads as empty")
  void truncated() throws IOException {
    store.insert(rich("a"));
    store.insert(rich("b"));
    byte[] whole = Files.readAllBytes(storeFile());
    // Cut at a line end too: without the checksum that would parse as fewer connections.
    int lineEnd = new String(whole, StandardCharsets.UTF_8).indexOf("\nconnection b") + 1;
    int lineEndBytes =
        new String(whole, StandardCharsets.UTF_8)
            .substring(0, lineEnd)
            .getBytes(StandardCharsets.UTF_8)
            .length;
    for (int cut : List.of(0, 10, lineEndBytes, whole.length - 1)) {
      Files.write(storeFile(), Arrays.copyOf(whole, cut));
      StorageException e = failure(FileConnectionStore.open(storeFile()));
      assertThat(e.code()).as("cut at %d", cut).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getMessage()).contains(storeFile().toString());
      assertThatThrownBy(() -> FileConnectionStore.open(storeFile()).insert(simple("x")))
          .isInstanceOf(StorageException.class);
    }
    Files.write(storeFile(), whole);
    assertThat(FileConnectionStore.open(storeFile()).connections()).hasSize(2);
  }

  @Test
  @DisplayName("An edited byte, a foreign file or a newer format version is CONFIG_INVALID")
  void corrupt() throws IOException {
    store.insert(rich("a"));
    byte[] whole = Files.readAllBytes(storeFile());
    byte[] flipped = whole.clone();
    flipped[40] ^= 1;
    Files.write(storeFile(), flipped);
    assertThat(failure(FileConnectionStore.open(storeFile())).code())
        .isEqualTo(Code.CONFIG_INVALID);

    Files.writeString(storeFile(), "{\"connections\": []}\n");
    assertThat(failure(FileConnectionStore.open(storeFile())).code())
        .isEqualTo(Code.CONFIG_INVALID);

    // A well-formed file of a future format: refused by its header, not by its checksum.
    ConnectionTables empty = new ConnectionTables();
    String newer =
        new String(StoreFileFormat.write(empty), StandardCharsets.UTF_8)
            .replace("stowage-connection-store 2", "stowage-connection-store 3");
    byte[] body = newer.substring(0, newer.indexOf("sha256")).getBytes(StandardCharsets.UTF_8);
    Files.write(storeFile(), withChecksum(body));
    StorageException e = failure(FileConnectionStore.open(storeFile()));
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.getMessage()).contains("version 3");
  }

  @Test
  @DisplayName(
      "A version 1 file (one file record per key, whatever the location) is refused clearly")
  void versionOneRefused() throws IOException {
    store.insert(rich("a")); // creates the file's folder
    String v1 =
        new String(StoreFileFormat.write(new ConnectionTables()), StandardCharsets.UTF_8)
            .replace("stowage-connection-store 2", "stowage-connection-store 1");
    byte[] body = v1.substring(0, v1.indexOf("sha256")).getBytes(StandardCharsets.UTF_8);
    Files.write(storeFile(), withChecksum(body));
    StorageException e = failure(FileConnectionStore.open(storeFile()));
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.getMessage()).contains("format version 1").contains("one record per key");
  }

  @Test
  @DisplayName("Sealed envelopes are in the file only as stored; no message quotes them")
  void noEnvelopeInMessages() throws IOException {
    store.insert(rich("s3-main"));
    assertThat(Files.readString(storeFile()))
        .contains("v1:k1:AAECAwQFBgcICQoLDA0ODw==:c2VhbGVk+/=");
    assertThatThrownBy(() -> store.insert(rich("s3-main")))
        .hasMessageNotContaining("AAECAwQFBgcICQoLDA0ODw");
  }

  private static byte[] withChecksum(byte[] body) {
    try {
      byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      byte[] footer =
          ("sha256 " + java.util.HexFormat.of().formatHex(sum) + "\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(body, body.length + footer.length);
      System.arraycopy(footer, 0, all, body.length, footer.length);
      return all;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
