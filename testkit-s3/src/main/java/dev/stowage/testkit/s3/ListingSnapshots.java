package dev.stowage.testkit.s3;

import dev.stowage.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under a bucket prefix, read from the store once and sorted in UTF-8 byte order, kept
 * until the next write. Every page of a listing chain (and every listing of a prefix inside one
 * already read) is then cut from the same sorted list instead of walking and sorting the prefix
 * again: a listing of n keys costs n log n once, not n per page.
 *
 * <p>Correct under concurrent writes: a write bumps the generation after the store has it, and a
 * snapshot is used only while the generation it was read under is still current. So each page comes
 * from a view taken after every write that finished before the page was asked for, which is what S3
 * promises: a key present for the whole listing is listed exactly once (pages resume strictly after
 * the last name, in one total order), and a key deleted before a page is not in it.
 */
final class ListingSnapshots {

  /** Past this many objects held in all, the least recently used snapshots go. */
  private static final int MAX_OBJECTS = 250_000;

  private static final int MAX_SNAPSHOTS = 64;

  private static final Comparator<S3Object> UTF8_ORDER =
      (a, b) -> Keys.compareUtf8(a.key(), b.key());

  private final AtomicLong generation = new AtomicLong();
  private final Map<Scope, List<S3Object>> snapshots = new LinkedHashMap<>(16, 0.75f, true);
  private long generationOfSnapshots;
  private long heldObjects;

  /** Forgets every snapshot; call after each change to any bucket, once the store has it. */
  void invalidate() {
    generation.incrementAndGet();
    synchronized (this) {
      snapshots.clear();
      heldObjects = 0;
    }
  }

  /**
   * The objects under {@code prefix} (or under a shorter prefix of it), sorted in UTF-8 order.
   *
   * @param read reads every object of a bucket under a prefix, in any order
   */
  List<S3Object> sorted(
      String bucket, String prefix, BiFunction<String, String, List<S3Object>> read) {
    long current = generation.get();
    List<S3Object> held = find(bucket, prefix, current);
    if (held != null) {
      return held;
    }
    List<S3Object> objects = new ArrayList<>(read.apply(bucket, prefix));
    objects.sort(UTF8_ORDER);
    List<S3Object> snapshot = List.copyOf(objects);
    keep(new Scope(bucket, prefix), snapshot, current);
    return snapshot;
  }

  private synchronized List<S3Object> find(String bucket, String prefix, long current) {
    if (generationOfSnapshots != current) {
      return null;
    }
    List<S3Object> exact = snapshots.get(new Scope(bucket, prefix));
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<Scope, List<S3Object>> e : snapshots.entrySet()) {
      Scope s = e.getKey();
      if (s.bucket().equals(bucket) && prefix.startsWith(s.prefix())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Keeps a snapshot read under generation {@code readUnder}, unless a write came since. */
  private synchronized void keep(Scope scope, List<S3Object> snapshot, long readUnder) {
    if (generation.get() != readUnder) {
      return; // already stale; it served the one request that read it
    }
    if (generationOfSnapshots != readUnder) {
      snapshots.clear();
      heldObjects = 0;
      generationOfSnapshots = readUnder;
    }
    List<S3Object> replaced = snapshots.put(scope, snapshot);
    heldObjects += snapshot.size() - (replaced == null ? 0 : replaced.size());
    Iterator<Map.Entry<Scope, List<S3Object>>> oldest = snapshots.entrySet().iterator();
    while ((heldObjects > MAX_OBJECTS || snapshots.size() > MAX_SNAPSHOTS)
        && snapshots.size() > 1) {
      Map.Entry<Scope, List<S3Object>> e = oldest.next();
      heldObjects -= e.getValue().size();
      oldest.remove();
    }
  }

  private record Scope(String bucket, String prefix) {}
}
