package dev.stowage.hub.seal;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A key ring: the master keys a hub seals stored secrets with. The newest key seals; every key in
 * the ring unseals, so a master key is rotated by adding a new newest key, running {@link Reseal},
 * then removing the old key.
 *
 * <p>Text form (environment variable {@value #ENV_KEYS} or a key file): entries {@code
 * id:base64key} separated by commas or line breaks, <b>the first entry is the newest</b>. Each key
 * is exactly 32 random bytes in standard or URL-safe base64; ids are 1 to 32 letters, digits, '.',
 * '_' or '-'. In a key file, lines starting with {@code #} are comments. Example: {@code
 * STOWAGE_MASTER_KEYS=k2:<new key>,k1:<old key>}. {@link #generateKeyLine(String)} makes an entry.
 *
 * <p>Errors are {@code CONFIG_INVALID} naming the source and a key's id or position, never key
 * material. {@link #toString()} shows ids only.
 */
public final class MasterKeys {

  /** The environment variable holding the key ring itself. */
  public static final String ENV_KEYS = "STOWAGE_MASTER_KEYS";

  /** The environment variable naming a key file, read when {@value #ENV_KEYS} is not set. */
  public static final String ENV_KEY_FILE = "STOWAGE_MASTER_KEY_FILE";

  private final Map<String, MasterKey> byId; // newest first

  private MasterKeys(List<MasterKey> newestFirst) {
    if (newestFirst.isEmpty()) {
      throw KeyText.invalid("A key ring holds at least one master key");
    }
    Map<String, MasterKey> keys = new LinkedHashMap<>();
    for (MasterKey key : newestFirst) {
      Objects.requireNonNull(key, "key");
      if (keys.putIfAbsent(key.id(), key) != null) {
        throw KeyText.invalid("Master key id '" + key.id() + "' appears twice in the key ring");
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(keys);
  }

  /** A ring of the given keys, {@code newest} first. */
  public static MasterKeys of(MasterKey newest, MasterKey... older) {
    List<MasterKey> keys = new ArrayList<>();
    keys.add(Objects.requireNonNull(newest, "newest"));
    keys.addAll(List.of(older));
    return new MasterKeys(keys);
  }

  /** The ring in {@value #ENV_KEYS} of this process's environment. */
  public static MasterKeys fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * The ring in {@value #ENV_KEYS} of {@code environment} (a lookup by name, such as {@code
   * System::getenv} or {@code map::get}). Fails {@code CONFIG_INVALID} when it is unset or does not
   * parse.
   */
  public static MasterKeys fromEnvironment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String text = environment.apply(ENV_KEYS);
    if (text == null) {
      throw KeyText.invalid(
          "The environment variable " + ENV_KEYS + " is not set; " + KeyText.HOW_TO_GENERATE);
    }
    return new MasterKeys(KeyText.parse(text, "the environment variable " + ENV_KEYS));
  }

  /**
   * The ring in a key file, after checking that only its owner can read or change it (POSIX
   * permissions of the file, or of a link's target, with no group or other bits), that it belongs
   * to the user running this program where the file system can tell, and that the file system has
   * POSIX permissions at all. Fails {@code CONFIG_INVALID} naming the path, never the content.
   */
  public static MasterKeys fromKeyFile(Path path) {
    Objects.requireNonNull(path, "path");
    return new MasterKeys(KeyFile.read(path));
  }

  /**
   * The default source: {@value #ENV_KEYS} if set, otherwise the key file named by {@value
   * #ENV_KEY_FILE}; {@code CONFIG_INVALID} when both or neither are set.
   */
  public static MasterKeys load(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Optional<String> keys = Optional.ofNullable(environment.apply(ENV_KEYS));
    Optional<String> file =
        Optional.ofNullable(environment.apply(ENV_KEY_FILE)).filter(f -> !f.isBlank());
    if (keys.isPresent() && file.isPresent()) {
      throw KeyText.invalid(
          "Both " + ENV_KEYS + " and " + ENV_KEY_FILE + " are set; set one source of master keys");
    }
    if (file.isPresent()) {
      return fromKeyFile(Path.of(file.get().strip()));
    }
    if (keys.isEmpty()) {
      throw KeyText.invalid(
          "No master keys: set "
              + ENV_KEYS
              + " (id:base64key, newest first) or "
              + ENV_KEY_FILE
              + " (the path of a key file readable by its owner only); "
              + KeyText.HOW_TO_GENERATE);
    }
    return fromEnvironment(environment);
  }

  /**
   * A new entry {@code id:base64key} with 32 fresh random bytes, to put first in {@value #ENV_KEYS}
   * or a key file. The one place key material leaves as text: show it to the operator, never log
   * it.
   */
  public static String generateKeyLine(String id) {
    Objects.requireNonNull(id, "id");
    return KeyText.newEntry(id);
  }

  /** The key that seals. */
  public MasterKey newest() {
    return byId.values().iterator().next();
  }

  /** The key with this id, if the ring holds it. */
  public Optional<MasterKey> key(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The ids, newest first. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** This ring with {@code key} added as the newest. */
  public MasterKeys withNewest(MasterKey key) {
    List<MasterKey> keys = new ArrayList<>();
    keys.add(Objects.requireNonNull(key, "key"));
    keys.addAll(byId.values());
    return new MasterKeys(keys);
  }

  /**
   * This ring without the key {@code id} (after a {@link Reseal} moved everything off it). Removing
   * the only key fails {@code CONFIG_INVALID}; an id the ring does not hold, {@code NOT_FOUND}.
   */
  public MasterKeys without(String id) {
    Objects.requireNonNull(id, "id");
    if (!byId.containsKey(id)) {
      throw StorageException.of(Code.NOT_FOUND, "The key ring holds no master key '" + id + "'");
    }
    List<MasterKey> keys = new ArrayList<>(byId.values());
    keys.removeIf(k -> k.id().equals(id));
    return new MasterKeys(keys);
  }

  @Override
  public String toString() {
    return "MasterKeys[newest=" + newest().id() + ", ids=" + byId.keySet() + "]";
  }
}
