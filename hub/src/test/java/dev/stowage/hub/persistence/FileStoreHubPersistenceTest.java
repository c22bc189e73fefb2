package dev.stowage.hub.persistence;

import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.FileConnectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@link HubPersistenceContract} on the file store. Envelopes are changed in the file's text with
 * its SHA-256 footer recomputed, as someone editing it by hand with care would.
 */
class FileStoreHubPersistenceTest extends HubPersistenceContract {

  private Path storeFile() {
    return dir.resolve("hub/connections.store");
  }

  @Override
  protected ConnectionStore newStoreInstance() {
    return FileConnectionStore.open(storeFile());
  }

  @Override
  protected Map<String, byte[]> storedBytes() throws Exception {
    return Map.of(storeFile().toString(), Files.readAllBytes(storeFile()));
  }

  @Override
  protected void overwriteEnvelope(String connectionId, String setting, String envelope)
      throws Exception {
    String text = Files.readString(storeFile(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    lines.remove(lines.size() - 1); // the checksum
    String current = null;
    int replaced = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split(" ");
      if (fields[0].equals("connection")) {
        current = fields[1];
      } else if (fields[0].equals("secret")
          && connectionId.equals(current)
          && fields[1].equals(setting)) {
        lines.set(i, "secret " + setting + " " + envelope);
        replaced++;
      }
    }
    if (replaced != 1) {
      throw new AssertionError("no secret line " + setting + " under " + connectionId);
    }
    byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    String footer =
        "sha256 "
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))
            + "\n";
    Files.write(
        storeFile(),
        (new String(body, StandardCharsets.UTF_8) + footer).getBytes(StandardCharsets.UTF_8));
  }
}
