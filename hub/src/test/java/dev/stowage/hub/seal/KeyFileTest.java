package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.StorageException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFileTest {

  static final String KEY_A = MasterKeysTest.KEY_A;
  static final String KEY_B = MasterKeysTest.KEY_B;
  static final String CONTENT = "# newest first\nk2:" + KEY_B + "\n\nk1:" + KEY_A + "\n";

  @TempDir Path dir;

  @BeforeEach
  void posixOnly() {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "the default file system has no POSIX permissions");
  }

  Path keyFile(String name, String permissions, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    return p;
  }

  @Test
  @DisplayName("an owner-only key file (0600, or 0400) is read, first line newest")
  void ownerOnlyAccepted() throws IOException {
    MasterKeys keys = MasterKeys.fromKeyFile(keyFile("keys", "rw-------", CONTENT));
    assertThat(keys.ids()).containsExactly("k2", "k1");
    assertThat(MasterKeys.fromKeyFile(keyFile("ro", "r--------", CONTENT)).ids()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-"})
  @DisplayName("a key file other users can read or change is refused, naming the path only")
  void openFileRefused(String permissions) throws IOException {
    Path p = keyFile("keys", permissions, CONTENT);
    StorageException e =
        MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(p), KEY_A, KEY_B, "k2:", "# newest");
    assertThat(e.getMessage()).contains(p.toString()).contains(permissions).contains("chmod 600");
  }

  @Test
  @DisplayName("a link to an open key file is refused; a link to an owner-only one is read")
  void symlinkTargetChecked() throws IOException {
    Path open = keyFile("open", "rw-r--r--", CONTENT);
    Path closed = keyFile("closed", "rw-------", CONTENT);
    Path toOpen = Files.createSymbolicLink(dir.resolve("to-open"), open);
    Path toClosed = Files.createSymbolicLink(dir.resolve("to-closed"), closed);
    assertThat(
            MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(toOpen), KEY_A, KEY_B).getMessage())
        .contains(toOpen.toString())
        .contains("link");
    assertThat(MasterKeys.fromKeyFile(toClosed).ids()).containsExactly("k2", "k1");
  }

  @Test
  @DisplayName("a key file owned by another user is refused (where this test may chown)")
  void otherOwnerRefused() throws IOException {
    Path p = keyFile("keys", "rw-------", CONTENT);
    UserPrincipal nobody;
    try {
      nobody = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(p, nobody);
    } catch (IOException | UnsupportedOperationException e) {
      assumeTrue(false, "cannot give a file to another user here: " + e.getClass().getName());
      return;
    }
    assertThat(MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(p), KEY_A).getMessage())
        .contains("owned by nobody");
  }

  @Test
  @DisplayName("a missing file, a directory and a huge file are refused naming the path")
  void notAKeyFile() throws IOException {
    Path missing = dir.resolve("missing");
    assertThat(MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(missing)).getMessage())
        .contains(missing.toString())
        .contains("does not exist");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
    assertThat(MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(sub)).getMessage())
        .contains("not a regular file");
    Path huge = keyFile("huge", "rw-------", CONTENT + "#".repeat(KeyFile.MAX_BYTES));
    MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(huge), KEY_A);
  }

  @Test
  @DisplayName(
      "a key file whose content does not parse is refused naming the path, not the content")
  void badContent() throws IOException {
    Path bare = keyFile("bare", "rw-------", KEY_A + "\n");
    assertThat(MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(bare), KEY_A).getMessage())
        .contains(bare.toString())
        .contains("Entry 1");
    Path dup = keyFile("dup", "rw-------", "k1:" + KEY_A + "\nk1:" + KEY_B + "\n");
    MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(dup), KEY_A, KEY_B);
    Path latin1 = dir.resolve("latin1");
    Files.write(latin1, new byte[] {'k', '1', ':', (byte) 0xE9});
    Files.setPosixFilePermissions(latin1, PosixFilePermissions.fromString("rw-------"));
    assertThat(MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(latin1)).getMessage())
        .contains("UTF-8");
  }

  @Test
  @DisplayName("load reads the key file named by STOWAGE_MASTER_KEY_FILE")
  void loadFromFileVariable() throws IOException {
    Path p = keyFile("keys", "rw-------", CONTENT);
    assertThat(MasterKeys.load(Map.of(MasterKeys.ENV_KEY_FILE, p.toString())::get).ids())
        .containsExactly("k2", "k1");
    Path open = keyFile("open", "rw-r--r--", CONTENT);
    MasterKeysTest.refused(
        () -> MasterKeys.load(Map.of(MasterKeys.ENV_KEY_FILE, open.toString())::get), KEY_A);
  }

  @Test
  @DisplayName("on a file system without POSIX permissions the key file is refused, saying why")
  void nonPosixFileSystemRefused() throws IOException {
    Path zip = dir.resolve("keys.zip");
    try (FileSystem fs =
        FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
      Path inside = fs.getPath("/keys");
      Files.writeString(inside, CONTENT);
      StorageException e =
          MasterKeysTest.refused(() -> MasterKeys.fromKeyFile(inside), KEY_A, KEY_B);
      assertThat(e.getMessage())
          .contains("without POSIX permissions")
          .contains(MasterKeys.ENV_KEYS);
    }
  }

  @Test
  @DisplayName("a key file swapped between the permission check and the read is refused")
  void swappedWhileReadRefused() throws IOException {
    Path p = keyFile("keys", "rw-------", CONTENT);
    Path other = keyFile("other", "rw-------", CONTENT);
    assertThat(
            MasterKeysTest.refused(
                    () ->
                        KeyFile.read(
                            p,
                            () -> {
                              try {
                                Files.move(other, p, StandardCopyOption.REPLACE_EXISTING);
                              } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                              }
                            }),
                    KEY_A)
                .getMessage())
        .contains("changed while it was being read");
  }
}
