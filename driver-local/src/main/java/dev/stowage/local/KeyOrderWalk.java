package dev.stowage.local;

import dev.stowage.Keys;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;

/**
 * Yields the files under a prefix in key order (the UTF-8 byte order of whole keys, as S3 lists),
 * lazily and in bounded memory, however many files a directory holds.
 *
 * <p>Depth first, one frame per open directory. A directory's entries are ordered by name, a
 * directory's name compared as {@code name + "/"} (so {@code a-c} comes before the folder {@code
 * a}, whose keys start {@code a/}), which makes the walk yield exact key order. No directory is
 * sorted whole: a scan keeps only the next few entries above a bound in a bounded heap, and a
 * directory with more is scanned again from the last entry taken. Subtrees that sort before the
 * start bound are never entered. Whether an entry is a directory is asked of the disk only when the
 * order depends on it (one name is a prefix of another) or when it is taken.
 *
 * <p>Symbolic links to directories are not followed (no loops, no duplicates, no escape); a link to
 * a regular file inside the root is listed as that file. The driver's own entries ({@code .stowage}
 * at the root, {@code .stowage-tmp-*} anywhere) and names no key can have (over the key length, a
 * name that does not decode) are skipped; names other tools wrote that the strict key rule refuses
 * (a control character) are listed, as the Store reads, deletes and resumes after any listed key.
 */
final class KeyOrderWalk {

  /** One file: its key, path and attributes (size, date). */
  record Found(String key, Path path, BasicFileAttributes attributes) {}

  private static final int MIN_SCAN = 32;

  private final Path rootReal;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private final int scanSize;
  private final int budget;
  private int buffered;
  private int peakBuffered;

  private KeyOrderWalk(Path rootReal, int pageSize) {
    this.rootReal = rootReal;
    // One more than a page: the page, plus the look-ahead that tells whether more remain.
    this.scanSize = Math.max(MIN_SCAN, pageSize + 1);
    this.budget = 2 * scanSize;
  }

  /**
   * A walk over the keys that start with {@code prefix} and sort after {@code startAfter} (null:
   * from the first).
   *
   * @param pageSize how many keys the caller wants; sets the size of the bounded buffers
   */
  static KeyOrderWalk start(KeyPaths paths, String prefix, String startAfter, int pageSize)
      throws IOException {
    KeyOrderWalk walk = new KeyOrderWalk(paths.rootReal(), pageSize);
    int slash = prefix.lastIndexOf('/');
    String dirKey = prefix.substring(0, slash + 1);
    String namePrefix = prefix.substring(slash + 1);
    Path startDir = paths.listingDirectory(dirKey);
    if (startDir == null) {
      return walk;
    }
    String bound = null;
    if (startAfter != null) {
      if (startAfter.startsWith(dirKey)) {
        bound = startAfter.substring(dirKey.length());
      } else if (Keys.compareUtf8(startAfter, dirKey) > 0) {
        return walk; // every key under the prefix sorts before startAfter
      }
    }
    Frame frame = new Frame(startDir, dirKey, namePrefix);
    walk.stack.push(frame);
    // Walk down the start bound: after "b/c/x" this directory resumes after "b/", having first
    // finished folder b after "c/", having first finished folder b/c after "x".
    while (bound != null) {
      int s = bound.indexOf('/');
      if (s < 0) {
        frame.lo = bound;
        break;
      }
      String name = bound.substring(0, s);
      frame.lo = name + "/";
      Path child = frame.dir.resolve(name);
      if (!name.startsWith(frame.namePrefix)
          || KeyPaths.isReservedEntry(name, frame.keyPrefix.isEmpty())
          || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        break;
      }
      frame = new Frame(child, frame.keyPrefix + name + "/", "");
      walk.stack.push(frame);
      bound = bound.substring(s + 1);
    }
    return walk;
  }

  /** The next file in key order, or null when there are no more. */
  Found next() throws IOException {
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (frame.buffer.isEmpty()) {
        if (frame.complete) {
          stack.pop();
        } else {
          scan(frame);
        }
        continue;
      }
      Entry entry = frame.buffer.poll();
      buffered--;
      Kind kind = entry.kind();
      frame.lo = kind == Kind.DIRECTORY ? entry.name + "/" : entry.name;
      if (kind == Kind.DIRECTORY) {
        String childPrefix = frame.keyPrefix + entry.name + "/";
        if (KeyPaths.existingKeyProblem(childPrefix + "x") == null && roundTrips(entry)) {
          stack.push(new Frame(entry.path, childPrefix, ""));
          trimToBudget();
        }
      } else if (kind == Kind.FILE) {
        String key = frame.keyPrefix + entry.name;
        if (KeyPaths.existingKeyProblem(key) == null && roundTrips(entry)) {
          return new Found(key, entry.path, entry.attributes);
        }
      }
    }
    return null;
  }

  /** The most directory entries held at once so far: the walk's memory, for tests. */
  int peakBuffered() {
    return peakBuffered;
  }

  /**
   * Fills an empty frame with its next entries above {@code lo}, in order: a max-heap keeps the
   * {@code scanSize} smallest, so memory stays bounded whatever the directory's size.
   */
  private void scan(Frame frame) throws IOException {
    PriorityQueue<Entry> heap = new PriorityQueue<>(scanSize, (a, b) -> compare(b, a));
    boolean truncated = false;
    boolean atRoot = frame.keyPrefix.isEmpty();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(frame.dir)) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        if (!name.startsWith(frame.namePrefix) || KeyPaths.isReservedEntry(name, atRoot)) {
          continue;
        }
        Entry entry = new Entry(name, path);
        if (frame.lo != null && compareToBound(entry, frame.lo) <= 0) {
          continue;
        }
        if (heap.size() < scanSize) {
          heap.add(entry);
        } else {
          truncated = true;
          if (compare(entry, heap.peek()) < 0) {
            heap.poll();
            heap.add(entry);
          }
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // Deleted while we walked: it holds nothing now.
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    Entry[] sorted = new Entry[heap.size()];
    for (int i = sorted.length - 1; i >= 0; i--) {
      sorted[i] = heap.poll();
    }
    for (Entry e : sorted) {
      frame.buffer.add(e);
    }
    frame.complete = !truncated;
    buffered += sorted.length;
    peakBuffered = Math.max(peakBuffered, buffered);
  }

  /**
   * Keeps the entries held by all open directories within the budget when a deeper one opens: the
   * tails of the outermost directories go first (they are needed last); such a directory is scanned
   * again from its last entry taken when it gets there.
   */
  private void trimToBudget() {
    if (buffered <= budget) {
      return;
    }
    Frame top = stack.peek();
    Iterator<Frame> outermostFirst = stack.descendingIterator();
    while (buffered > budget && outermostFirst.hasNext()) {
      Frame frame = outermostFirst.next();
      if (frame == top) {
        break;
      }
      while (buffered > budget && !frame.buffer.isEmpty()) {
        frame.buffer.pollLast();
        frame.complete = false;
        buffered--;
      }
    }
  }

  /**
   * Whether the entry's name, as text, leads back to the same file: a name written in another
   * encoding than the JVM's decodes to replacement characters, a key that could be listed but never
   * read.
   */
  private static boolean roundTrips(Entry entry) {
    try {
      return entry.path.getFileName().equals(entry.path.getFileSystem().getPath(entry.name));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Entry order within one directory: by name, a directory's name followed by '/'. */
  private static int compare(Entry a, Entry b) {
    String x = a.name;
    String y = b.name;
    int n = Math.min(x.length(), y.length());
    for (int i = 0; i < n; i++) {
      if (x.charAt(i) != y.charAt(i)) {
        return Keys.compareUtf8Units(x.charAt(i), y.charAt(i));
      }
    }
    if (x.length() == y.length()) {
      return 0;
    }
    // One name is a prefix of the other: the shorter one's keys go on with '/' if it is a folder
    // ("a/..." sorts after "a-c" but before "a0"); a file's key simply ends (sorts first).
    boolean xShorter = x.length() < y.length();
    Entry shorter = xShorter ? a : b;
    String longer = xShorter ? y : x;
    int shorterFirst =
        shorter.kind() == Kind.DIRECTORY && longer.charAt(shorter.name.length()) < '/' ? 1 : -1;
    return xShorter ? shorterFirst : -shorterFirst;
  }

  /** The sign of (entry's key form - {@code lo}); {@code lo} is a name, or a name and '/'. */
  private static int compareToBound(Entry entry, String lo) {
    String x = entry.name;
    int n = Math.min(x.length(), lo.length());
    for (int i = 0; i < n; i++) {
      if (x.charAt(i) != lo.charAt(i)) {
        return Keys.compareUtf8Units(x.charAt(i), lo.charAt(i));
      }
    }
    if (x.length() == lo.length()) {
      return entry.kind() == Kind.DIRECTORY ? 1 : 0;
    }
    if (x.length() > lo.length()) {
      return 1;
    }
    if (entry.kind() != Kind.DIRECTORY) {
      return -1;
    }
    char next = lo.charAt(x.length());
    if (next == '/') {
      return lo.length() == x.length() + 1 ? 0 : -1;
    }
    return next > '/' ? -1 : 1;
  }

  private enum Kind {
    FILE,
    DIRECTORY,
    OTHER
  }

  /** An open directory: where it is, its key prefix, and its next entries. */
  private static final class Frame {
    final Path dir;
    final String keyPrefix;
    final String namePrefix;
    final ArrayDeque<Entry> buffer = new ArrayDeque<>();

    /** Entries at or below this (a name, or a name and '/') are done; null: none are. */
    String lo;

    /** Whether {@link #buffer} holds every entry left, so no further scan is needed. */
    boolean complete;

    Frame(Path dir, String keyPrefix, String namePrefix) {
      this.dir = dir;
      this.keyPrefix = keyPrefix;
      this.namePrefix = namePrefix;
    }
  }

  /** One directory entry; what it is is read from disk the first time it matters. */
  private final class Entry {
    final String name;
    final Path path;
    BasicFileAttributes attributes;
    Kind kind;

    Entry(String name, Path path) {
      this.name = name;
      this.path = path;
    }

    Kind kind() {
      if (kind == null) {
        kind = readKind();
      }
      return kind;
    }

    private Kind readKind() {
      try {
        BasicFileAttributes a =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          return Kind.DIRECTORY;
        }
        if (a.isRegularFile()) {
          attributes = a;
          return Kind.FILE;
        }
        if (a.isSymbolicLink() && path.toRealPath().startsWith(rootReal)) {
          BasicFileAttributes target = Files.readAttributes(path, BasicFileAttributes.class);
          if (target.isRegularFile()) {
            attributes = target;
            return Kind.FILE;
          }
        }
        return Kind.OTHER;
      } catch (IOException e) {
        return Kind.OTHER; // gone, or unreadable: not listed
      }
    }
  }
}
