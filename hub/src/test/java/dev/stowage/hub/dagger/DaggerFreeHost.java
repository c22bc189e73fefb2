package dev.stowage.hub.dagger;

import dev.stowage.UploadRequest;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.HubListRequest;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import java.nio.charset.StandardCharsets;

/**
 * A host that does not use Dagger, run by {@link DaggerFreeRuntimeTest} in a class loader without
 * Dagger or javax/jakarta.inject. It refers to no Dagger type, and answers in a plain string so
 * that no type crosses the class loaders.
 */
public final class DaggerFreeHost {

  private DaggerFreeHost() {}

  /** Adds a local connection at {@code root}, uploads, stats and lists; returns what it saw. */
  public static String run(String root) {
    try (StorageHub hub = StorageHub.builder().build()) {
      hub.add(ConnectionSpec.builder("disk", "local").set("root", root).build());
      hub.switchUploadTarget("disk");
      StoredFile stored =
          hub.upload(
              UploadRequest.of("products/app-1.0.zip"), "zip".getBytes(StandardCharsets.UTF_8));
      long size = hub.stat(stored.ref()).size();
      long listed = hub.listAll(HubListRequest.all()).count();
      return stored.ref() + " size=" + size + " listed=" + listed;
    }
  }
}
