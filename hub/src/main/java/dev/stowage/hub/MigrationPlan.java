package dev.stowage.hub;

import dev.stowage.Keys;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.config.ConnectionIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to migrate: every object under a prefix of one connection, or a given set of references, to
 * another connection, copied or moved, optionally under a destination prefix, with a journal that
 * makes the run resumable.
 *
 * <pre>{@code
 * MigrationPlan plan =
 *     MigrationPlan.builder()
 *         .from("disk")
 *         .to("s3-main")
 *         .prefix("products/")
 *         .mode(MigrationMode.MOVE)
 *         .journal(Path.of("/var/lib/shop/disk-to-s3.journal"))
 *         .build();
 * }</pre>
 *
 * <p>A key keeps its name at the destination, after {@link Builder#destinationPrefix} if one is
 * given. Running a plan again with the same journal skips what was verified before; a journal
 * written for another plan (source, target, prefix or references, destination prefix, mode) is
 * refused.
 */
public final class MigrationPlan {

  /** The most objects a migration copies at once. */
  public static final int MAX_PARALLELISM = 64;

  private final String from;
  private final String to;
  private final Optional<String> prefix;
  private final List<FileRef> refs;
  private final String destinationPrefix;
  private final MigrationMode mode;
  private final Optional<Path> journal;
  private final boolean stopOnFirstFailure;
  private final int parallelism;

  private MigrationPlan(Builder b) {
    this.from = ConnectionIds.require(required(b.from, "from"), Code.INVALID_ARGUMENT);
    this.to = ConnectionIds.require(required(b.to, "to"), Code.INVALID_ARGUMENT);
    if (from.equals(to)) {
      throw invalid("the source and the target are the same connection '" + from + "'");
    }
    if ((b.prefix == null) == (b.refs == null)) {
      throw invalid("give either a prefix (\"\" for everything) or a set of references");
    }
    if (b.prefix != null) {
      try {
        Keys.requireValidPrefix(b.prefix);
      } catch (StorageException e) {
        throw invalid("the prefix is not a valid key prefix");
      }
    }
    this.prefix = Optional.ofNullable(b.prefix);
    this.refs = b.refs == null ? List.of() : List.copyOf(new LinkedHashSet<>(b.refs));
    for (FileRef ref : refs) {
      if (!ref.connectionId().equals(from)) {
        throw invalid("reference " + ref + " is not on the source connection '" + from + "'");
      }
    }
    if (!b.destinationPrefix.isEmpty()) {
      try {
        Keys.requireValidPrefix(b.destinationPrefix);
      } catch (StorageException e) {
        throw invalid("the destination prefix is not a valid key prefix");
      }
    }
    this.destinationPrefix = b.destinationPrefix;
    this.mode = b.mode;
    this.journal = Optional.ofNullable(b.journal);
    this.stopOnFirstFailure = b.stopOnFirstFailure;
    if (b.parallelism < 1 || b.parallelism > MAX_PARALLELISM) {
      throw invalid("parallelism must be 1 to " + MAX_PARALLELISM + ", was " + b.parallelism);
    }
    this.parallelism = b.parallelism;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The connection objects are read from; it may be disabled. */
  public String from() {
    return from;
  }

  /** The connection objects are written to; it must be enabled. */
  public String to() {
    return to;
  }

  /** The prefix under the source's current location to migrate, unless references are given. */
  public Optional<String> prefix() {
    return prefix;
  }

  /** The references to migrate, in the order given without repeats; empty for a prefix plan. */
  public List<FileRef> refs() {
    return refs;
  }

  /** Put in front of every key at the destination ("" keeps keys as they are). */
  public String destinationPrefix() {
    return destinationPrefix;
  }

  public MigrationMode mode() {
    return mode;
  }

  /** The journal file; without one a run cannot be resumed. */
  public Optional<Path> journal() {
    return journal;
  }

  /** Whether the first failed object stops the run (by default the others still go). */
  public boolean stopOnFirstFailure() {
    return stopOnFirstFailure;
  }

  /** How many objects are copied at once (default 1); not part of the journal's plan. */
  public int parallelism() {
    return parallelism;
  }

  /** The key {@code sourceKey} gets at the destination. */
  String destinationKey(String sourceKey) {
    return destinationPrefix + sourceKey;
  }

  /**
   * What a journal records of the plan, to refuse another plan on it: each part printable, with
   * tabs and line breaks escaped as in a reference; a set of references by its SHA-256.
   */
  List<String> identity() {
    List<String> parts = new ArrayList<>();
    parts.add("from=" + from);
    parts.add("to=" + to);
    parts.add("mode=" + mode);
    parts.add(
        prefix
            .map(p -> "prefix=" + FileRefCoding.encode(p))
            .orElseGet(() -> "refs=" + refsDigest()));
    parts.add("destination-prefix=" + FileRefCoding.encode(destinationPrefix));
    return parts;
  }

  private String refsDigest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      refs.stream()
          .map(FileRef::toString)
          .sorted()
          .forEach(r -> sha.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
      return refs.size() + ":" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "MigrationPlan" + identity();
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw invalid("'" + name + "' is not set");
    }
    return value;
  }

  private static StorageException invalid(String why) {
    return StorageException.of(Code.INVALID_ARGUMENT, "Invalid migration plan: " + why);
  }

  /** Builds a {@link MigrationPlan}: {@code from}, {@code to} and a prefix or references. */
  public static final class Builder {
    private String from;
    private String to;
    private String prefix;
    private List<FileRef> refs;
    private String destinationPrefix = "";
    private MigrationMode mode = MigrationMode.COPY;
    private Path journal;
    private boolean stopOnFirstFailure;
    private int parallelism = 1;

    private Builder() {}

    public Builder from(String connectionId) {
      this.from = Objects.requireNonNull(connectionId, "connectionId");
      return this;
    }

    public Builder to(String connectionId) {
      this.to = Objects.requireNonNull(connectionId, "connectionId");
      return this;
    }

    /** Migrate every object under this prefix of the source ({@code ""}: all of them). */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Migrate these references, all on the source connection, instead of a prefix. */
    public Builder refs(Collection<FileRef> refs) {
      Objects.requireNonNull(refs, "refs").forEach(r -> Objects.requireNonNull(r, "ref"));
      this.refs = List.copyOf(refs);
      return this;
    }

    /** Put destination keys under this prefix (default: none, keys keep their names). */
    public Builder destinationPrefix(String destinationPrefix) {
      this.destinationPrefix = Objects.requireNonNull(destinationPrefix, "destinationPrefix");
      return this;
    }

    /** {@link MigrationMode#COPY} (the default) or {@link MigrationMode#MOVE}. */
    public Builder mode(MigrationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The journal that makes the run resumable; created when missing. */
    public Builder journal(Path journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    public Builder stopOnFirstFailure(boolean stopOnFirstFailure) {
      this.stopOnFirstFailure = stopOnFirstFailure;
      return this;
    }

    /**
     * Copies this many objects at once (1 to {@link #MAX_PARALLELISM}, default 1), which pays off
     * against remote providers where each request waits on the network. A cancel then stops after
     * the objects in flight; progress is still reported one event at a time.
     */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public MigrationPlan build() {
      return new MigrationPlan(this);
    }
  }
}
