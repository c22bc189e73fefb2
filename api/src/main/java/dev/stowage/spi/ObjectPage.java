package dev.stowage.spi;

import dev.stowage.ObjectInfo;
import java.util.List;

/**
 * What a driver returns for one list or search call: the items, in ascending key order, and the key
 * to resume after, or null when nothing is left. {@link dev.stowage.Store} turns that key into an
 * opaque cursor.
 */
public record ObjectPage(List<ObjectInfo> items, String resumeAfter) {

  public ObjectPage {
    items = List.copyOf(items);
  }

  public static ObjectPage last(List<ObjectInfo> items) {
    return new ObjectPage(items, null);
  }
}
