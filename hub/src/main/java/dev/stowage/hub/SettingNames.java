package dev.stowage.hub;

import dev.stowage.ConfigProperty;
import dev.stowage.ConfigSchema;
import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks the names a host gives for a connection's settings and secrets against the provider's
 * schema: a typo is an error, and a secret can only be given as a secret (so it is sealed, never
 * stored as a plain value).
 */
final class SettingNames {

  private SettingNames() {}

  static void check(
      String connectionId,
      String provider,
      ConfigSchema schema,
      Collection<String> plainNames,
      Collection<String> secretNames) {
    List<String> problems = new ArrayList<>();
    for (String name : plainNames) {
      var p = schema.property(name);
      if (p.isEmpty()) {
        problems.add("unknown setting '" + Keys.printable(name) + "'");
      } else if (p.get().secret()) {
        problems.add("'" + name + "' is a secret: give it as a secret, so it is sealed");
      }
    }
    for (String name : secretNames) {
      var p = schema.property(name);
      if (p.isEmpty()) {
        problems.add("unknown setting '" + Keys.printable(name) + "'");
      } else if (!p.get().secret()) {
        problems.add("'" + name + "' is not a secret: give it as a plain setting");
      }
    }
    if (!problems.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      schema.properties().stream().map(ConfigProperty::name).forEach(known::add);
      throw StorageException.of(
          Code.CONFIG_INVALID,
          "Connection '"
              + connectionId
              + "' ("
              + provider
              + "): "
              + String.join("; ", problems)
              + " (settings known: "
              + String.join(", ", known)
              + ")");
    }
  }
}
