package dev.stowage.hub.store;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hub's edits in miniature, run in this JVM and in a child JVM by {@link FileStoreTwoJvmTest}:
 * {@code count} read-modify-write updates of one connection, each adding a setting named {@code
 * <name>-<i>}, retried on a version conflict.
 */
public final class FileStoreEditor {

  static final String ID = "shared";

  private FileStoreEditor() {}

  static void edit(ConnectionStore store, String name, int count) {
    for (int i = 0; i < count; i++) {
      while (true) {
        ConnectionRecord now = store.connection(ID).orElseThrow();
        Map<String, String> settings = new TreeMap<>(now.settings());
        settings.put(name + "-" + i, String.valueOf(now.version()));
        try {
          store.update(StoreRecords.next(now, settings));
          break;
        } catch (StorageException e) {
          if (e.code() != Code.PRECONDITION_FAILED) {
            throw e;
          }
        }
      }
    }
  }

  /** Arguments: store file, name, count, a file to wait for before starting. */
  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[3]);
    while (!Files.exists(go)) {
      Thread.sleep(5);
    }
    edit(FileConnectionStore.open(Path.of(args[0])), args[1], Integer.parseInt(args[2]));
  }
}
