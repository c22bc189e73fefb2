package dev.stowage.hub.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a connection put its files at one time: its locating settings (those a driver marks with
 * {@link dev.stowage.ConfigProperty#locatesObjects()}, such as the bucket or the root folder) and
 * the number the hub gave that combination. Numbers start at 1 and never change meaning.
 */
public record LocationRecord(int number, Map<String, String> settings) {

  public LocationRecord {
    if (number < 1) {
      throw new IllegalArgumentException("location numbers start at 1, was " + number);
    }
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
  }
}
