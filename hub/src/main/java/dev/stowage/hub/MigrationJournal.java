package dev.stowage.hub;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migration's durable record of what is done, so a crashed or cancelled run resumes without
 * copying again what was verified. A UTF-8 text file, one entry a line, fields separated by tabs,
 * each line ending in the CRC-32 of what precedes it:
 *
 * <pre>
 * stowage-migration/2  from=disk  to=s3-main  mode=MOVE  prefix=products/  destination-prefix=  crc
 * copied   stowage://disk/products/a.zip  stowage://s3-main/products/a.zip  1048576  sha256-hex
 *          source-etag  copy-etag  crc
 * deleted  stowage://disk/products/a.zip  crc
 * </pre>
 *
 * A {@code copied} line is written and forced to disk only after the copy was read back and
 * matched; it holds the source's and the copy's ETags as they were then (an empty field: the
 * provider gave none; {@code %}, tab and line breaks percent-encoded), so a move deletes a source
 * only while it is still the object that was copied. A {@code deleted} line follows once the source
 * of a move is deleted. A version 1 journal (before the ETags) is refused with a message saying so:
 * its moves could not check the source before deleting it; finish it with the version that wrote
 * it, or start a new journal (already verified copies are then found identical at the destination,
 * not copied again). A crash can leave the last line torn (no line end, or a wrong CRC): it is
 * dropped and the file cut back to the last whole line. A damaged line before the last one is
 * refused. References hold no tab or line break (they are percent-encoded), so a line splits
 * unambiguously.
 */
final class MigrationJournal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MigrationJournal.class);
  private static final String MAGIC = "stowage-migration/2";
  private static final String MAGIC_V1 = "stowage-migration/1";

  /**
   * One verified copy: what was read, where it is now, its size and SHA-256, and the ETags the
   * source and the copy had when the copy was verified (empty when the provider gives none).
   */
  record Copied(
      FileRef from,
      FileRef to,
      long size,
      String sha256,
      Optional<String> sourceEtag,
      Optional<String> copyEtag) {}

  private final String name;
  private final FileChannel channel; // null: a journal kept in memory only
  // Guarded by this: workers of a parallel migration record at once.
  private final Map<FileRef, Copied> copied = new LinkedHashMap<>();
  private final Set<FileRef> deleted = new HashSet<>();
  private int dropped;

  private MigrationJournal(String name, FileChannel channel) {
    this.name = name;
    this.channel = channel;
  }

  /** A journal for a run that cannot be resumed: it remembers in memory only. */
  static MigrationJournal inMemory() {
    return new MigrationJournal("(in memory)", null);
  }

  /**
   * Opens the journal at {@code path} for {@code plan}: creates it with the plan's header, or reads
   * what an earlier run recorded and refuses ({@code PRECONDITION_FAILED}) one written for another
   * plan. Messages name the file, never its directory.
   */
  static MigrationJournal open(Path path, MigrationPlan plan) {
    String name = String.valueOf(path.getFileName());
    List<String> identity = plan.identity();
    try {
      FileChannel channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      MigrationJournal journal = new MigrationJournal(name, channel);
      try {
        long end = journal.read(path, identity);
        if (end < channel.size()) {
          channel.truncate(end);
          channel.force(true);
          log.info("Migration journal {}: dropped a torn last line left by a crash", name);
        }
        channel.position(end);
        if (end == 0) {
          List<String> header = new ArrayList<>();
          header.add(MAGIC);
          header.addAll(identity);
          journal.append(header);
          forceDirectory(path);
        }
        return journal;
      } catch (RuntimeException | IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw StorageException.builder(
              Code.UNAVAILABLE, "Migration journal " + name + " cannot be opened or read")
          .retryable(false)
          .build();
    }
  }

  /** The verified copies, in the order they were recorded. */
  synchronized List<Copied> copied() {
    return List.copyOf(copied.values());
  }

  synchronized boolean isCopied(FileRef source) {
    return copied.containsKey(source);
  }

  synchronized boolean deleted(FileRef source) {
    return deleted.contains(source);
  }

  /** How many torn lines opening dropped (0 or 1). */
  int dropped() {
    return dropped;
  }

  /** Records a verified copy, durably before returning. */
  synchronized void recordCopied(Copied c) {
    append(
        List.of(
            "copied",
            c.from().toString(),
            c.to().toString(),
            Long.toString(c.size()),
            c.sha256(),
            encodeEtag(c.sourceEtag()),
            encodeEtag(c.copyEtag())));
    copied.put(c.from(), c);
  }

  /** Records that the source of a move is deleted, durably before returning. */
  synchronized void recordDeleted(FileRef source) {
    append(List.of("deleted", source.toString()));
    deleted.add(source);
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Reads the entries; returns where the last whole line ends. */
  private long read(Path path, List<String> identity) throws IOException {
    long end = 0;
    int lineNumber = 0;
    boolean badLine = false; // a bad line is accepted only as the very last one
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      long offset = 0;
      int b;
      while ((b = in.read()) >= 0) {
        offset++;
        if (b != '\n') {
          line.write(b);
          continue;
        }
        lineNumber++;
        if (badLine) {
          throw damaged(lineNumber - 1);
        }
        List<String> fields = fields(line.toString(StandardCharsets.UTF_8));
        line.reset();
        if (fields == null) {
          badLine = true;
          continue;
        }
        if (lineNumber == 1) {
          checkHeader(fields, identity);
        } else {
          entry(fields, lineNumber);
        }
        end = offset;
      }
      if (badLine && line.size() > 0) {
        throw damaged(lineNumber);
      }
      if (line.size() > 0 || badLine) {
        dropped = 1;
      }
    }
    return end;
  }

  private void checkHeader(List<String> fields, List<String> identity) {
    if (!fields.isEmpty() && fields.get(0).equals(MAGIC_V1)) {
      throw StorageException.of(
          Code.PRECONDITION_FAILED,
          "Migration journal "
              + name
              + " was written by an earlier version (stowage-migration/1), which kept no ETags to"
              + " check a source before deleting it. Finish it with that version, or give this"
              + " plan a new journal: copies already at the destination are then verified, not"
              + " copied again");
    }
    if (fields.isEmpty() || !fields.get(0).equals(MAGIC)) {
      throw StorageException.of(
          Code.PRECONDITION_FAILED,
          "Migration journal " + name + " is not a migration journal of this version");
    }
    List<String> recorded = fields.subList(1, fields.size());
    if (recorded.equals(identity)) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < identity.size(); i++) {
      String want = identity.get(i);
      String was = i < recorded.size() ? recorded.get(i) : "(nothing)";
      if (!want.equals(was)) {
        differences.add(was + " (this plan: " + want + ")");
      }
    }
    throw StorageException.of(
        Code.PRECONDITION_FAILED,
        "Migration journal "
            + name
            + " was written for another plan: "
            + String.join(", ", differences)
            + ". Resume with the plan that wrote it, or give this plan a new journal");
  }

  private void entry(List<String> f, int lineNumber) {
    try {
      if (f.get(0).equals("copied") && f.size() == 7) {
        FileRef from = FileRef.parse(f.get(1));
        Copied c =
            new Copied(
                from,
                FileRef.parse(f.get(2)),
                Long.parseLong(f.get(3)),
                f.get(4),
                decodeEtag(f.get(5)),
                decodeEtag(f.get(6)));
        copied.put(from, c);
        return;
      }
      if (f.get(0).equals("deleted") && f.size() == 2) {
        deleted.add(FileRef.parse(f.get(1)));
        return;
      }
    } catch (StorageException | NumberFormatException e) {
      // falls through: a line with a right CRC but wrong content was not written by us
    }
    throw damaged(lineNumber);
  }

  /** The fields of a line whose CRC matches, else null. */
  private static List<String> fields(String line) {
    int tab = line.lastIndexOf('\t');
    if (tab < 0 || !crc(line.substring(0, tab)).equals(line.substring(tab + 1))) {
      return null;
    }
    return List.of(line.substring(0, tab).split("\t", -1));
  }

  private StorageException damaged(int lineNumber) {
    return StorageException.of(
        Code.INVALID_ARGUMENT,
        "Migration journal "
            + name
            + " is damaged at line "
            + lineNumber
            + " (only a torn last line is expected after a crash)");
  }

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * Writes a line and returns once it is on disk. Callers hold this journal's lock (or, while it
   * opens, own it alone), so lines never interleave and each force covers the line just written;
   * with parallel workers the forces are serialized, which costs little beside the copies they
   * record.
   */
  private void append(List<String> fields) {
    if (channel == null) {
      return;
    }
    String body = String.join("\t", fields);
    ByteBuffer bytes =
        ByteBuffer.wrap((body + "\t" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw StorageException.builder(
              Code.UNAVAILABLE, "Migration journal " + name + " cannot be written")
          .retryable(false)
          .build();
    }
  }

  /** An ETag as a field: empty when absent; '%', tab and line breaks percent-encoded. */
  private static String encodeEtag(Optional<String> etag) {
    return etag.map(
            e ->
                e.replace("%", "%25")
                    .replace("\t", "%09")
                    .replace("\n", "%0A")
                    .replace("\r", "%0D"))
        .orElse("");
  }

  private static Optional<String> decodeEtag(String field) {
    if (field.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        field.replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%"));
  }

  private static String crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /** A new file's name is durable once its directory is forced (Linux; elsewhere best effort). */
  private static void forceDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UncheckedIOException e) {
      log.debug("Could not force the journal's directory: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing migration journal {} failed: {}", name, e.getClass().getSimpleName());
    }
  }
}
