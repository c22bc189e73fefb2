package dev.stowage.hub.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Run in a child JVM by {@link FileStoreCrashTest}: rewrites a file store forever with large
 * records, each version's content a function of its number, until it is killed.
 */
public final class FileStoreCrashWriter {

  static final String ID = "big";

  private FileStoreCrashWriter() {}

  /** The whole record at {@code version}: about 600 KB of settings, so a write takes a while. */
  static ConnectionRecord state(long version) {
    Map<String, String> settings = new TreeMap<>();
    String filler = ("v" + version + " %\n ").repeat(200);
    for (int i = 0; i < 300; i++) {
      settings.put("setting-" + i, i + ":" + filler);
    }
    return new ConnectionRecord(
        ID,
        "local",
        "version " + version,
        settings,
        Map.of("secret", "envelope-" + version),
        version % 2 == 0,
        Set.of(),
        List.of(new LocationRecord(1, Map.of("root", "/r/" + version))),
        Instant.ofEpochSecond(1_000_000),
        Instant.ofEpochSecond(1_000_000 + version),
        version);
  }

  public static void main(String[] args) {
    try (FileConnectionStore store = FileConnectionStore.open(Path.of(args[0]))) {
      if (store.connection(ID).isEmpty()) {
        store.insert(state(1));
      }
      while (true) {
        long v = store.connection(ID).orElseThrow().version();
        store.update(state(v + 1));
      }
    }
  }
}
