package dev.stowage.hub.store;

import dev.stowage.Feature;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The text a {@link FileConnectionStore} writes: UTF-8 lines of space-separated fields, each field
 * percent-encoded where it holds {@code %}, a space or a control character, so any value fits on
 * one line. The first line names the format and its version; the last holds the SHA-256 of
 * everything before it, so a torn or edited file is refused rather than read as fewer records.
 *
 * <pre>
 * stowage-connection-store 2
 * upload-target s3-main
 * connection s3-main s3 Main%20bucket true READ,WRITE 2026-11-29T20:04:03.123456Z ... 3
 * setting region eu-west-1
 * secret secretAccessKey v1:...
 * location 1
 * location-setting bucket assets
 * file products/app.zip 1 2048 application/zip +"etag" 2026-...Z -
 * sha256 9f86d0...
 * </pre>
 *
 * {@code setting}, {@code secret}, {@code location} and {@code file} lines belong to the {@code
 * connection} line above them, {@code location-setting} lines to the {@code location} above them.
 * An absent optional value is {@code -}, a present one {@code +} and its value; no intended
 * features is {@code -}.
 */
final class StoreFileFormat {

  static final String MAGIC = "stowage-connection-store";

  /**
   * 2: file records are keyed by location and key (version 1 kept one record per key, losing the
   * redirect of a key moved away from an earlier location; it is refused, not guessed at).
   */
  static final int VERSION = 2;

  private StoreFileFormat() {}

  static byte[] write(ConnectionTables tables) {
    StringBuilder out = new StringBuilder(4096);
    line(out, MAGIC, String.valueOf(VERSION));
    if (tables.uploadTarget != null) {
      line(out, "upload-target", tables.uploadTarget);
    }
    for (ConnectionRecord c : tables.connections.values()) {
      line(
          out,
          "connection",
          c.id(),
          c.provider(),
          c.label(),
          String.valueOf(c.enabled()),
          features(c.intendedFeatures()),
          c.createdAt().toString(),
          c.updatedAt().toString(),
          String.valueOf(c.version()));
      c.settings().forEach((k, v) -> line(out, "setting", k, v));
      c.sealedSecrets().forEach((k, v) -> line(out, "secret", k, v));
      for (LocationRecord l : c.locations()) {
        line(out, "location", String.valueOf(l.number()));
        l.settings().forEach((k, v) -> line(out, "location-setting", k, v));
      }
      for (FileRecord f : tables.allFiles(c.id())) {
        line(
            out,
            "file",
            f.key(),
            String.valueOf(f.location()),
            String.valueOf(f.size()),
            f.contentType(),
            optional(f.etag()),
            f.recordedAt().toString(),
            optional(f.movedTo()));
      }
    }
    byte[] body = utf8(out);
    byte[] footer = ("sha256 " + HexFormat.of().formatHex(sha256(body)) + "\n").getBytes();
    byte[] all = Arrays.copyOf(body, body.length + footer.length);
    System.arraycopy(footer, 0, all, body.length, footer.length);
    return all;
  }

  /** Parses what {@link #write} wrote; {@code CONFIG_INVALID} naming {@code source} otherwise. */
  static ConnectionTables parse(byte[] bytes, String source) {
    Parser p = new Parser(bytes, source);
    return p.parse();
  }

  private static final class Parser {
    private final byte[] bytes;
    private final String source;
    private int lineNumber;

    Parser(byte[] bytes, String source) {
      this.bytes = bytes;
      this.source = source;
    }

    ConnectionTables parse() {
      int footerStart = footerStart();
      String footer =
          new String(bytes, footerStart, bytes.length - footerStart, StandardCharsets.US_ASCII);
      byte[] body = Arrays.copyOf(bytes, footerStart);
      String expected = "sha256 " + HexFormat.of().formatHex(sha256(body)) + "\n";
      if (!footer.equals(expected)) {
        throw invalid("its checksum does not match (a torn write or an edit by hand)");
      }
      String text = decode(body);
      String[] lines = text.split("\n", -1);
      // The body ends with a newline, so the last element is empty.
      ConnectionTables tables = new ConnectionTables();
      Pending connection = null;
      for (int i = 0; i < lines.length - 1; i++) {
        lineNumber = i + 1;
        String[] f = fields(lines[i]);
        if (i == 0) {
          expect(f, 2);
          if (!f[0].equals(MAGIC)) {
            throw invalid("it is not a Stowage connection store");
          }
          if (f[1].equals("1")) {
            throw invalid(
                "it has format version 1, whose file index kept one record per key and so may"
                    + " have lost redirects; this Stowage reads version "
                    + VERSION
                    + " only (recreate the store with this Stowage)");
          }
          if (!f[1].equals(String.valueOf(VERSION))) {
            throw invalid(
                "it has format version "
                    + f[1]
                    + ", this Stowage reads version "
                    + VERSION
                    + " (written by a newer Stowage?)");
          }
          continue;
        }
        switch (f[0]) {
          case "upload-target" -> {
            expect(f, 2);
            tables.uploadTarget = f[1];
          }
          case "connection" -> {
            expect(f, 9);
            if (connection != null) {
              connection.addTo(tables);
            }
            connection = new Pending(f);
          }
          case "setting" -> {
            expect(f, 3);
            need(connection).settings.put(f[1], f[2]);
          }
          case "secret" -> {
            expect(f, 3);
            need(connection).secrets.put(f[1], f[2]);
          }
          case "location" -> {
            expect(f, 2);
            need(connection).locations.add(new PendingLocation(integer(f[1])));
          }
          case "location-setting" -> {
            expect(f, 3);
            Pending c = need(connection);
            if (c.locations.isEmpty()) {
              throw invalid("a location setting comes before any location");
            }
            c.locations.get(c.locations.size() - 1).settings.put(f[1], f[2]);
          }
          case "file" -> {
            expect(f, 8);
            need(connection).files.add(f);
          }
          default -> throw invalid("it has an unknown line kind");
        }
      }
      if (lines.length < 2) {
        throw invalid("it has no header");
      }
      if (connection != null) {
        connection.addTo(tables);
      }
      if (tables.uploadTarget != null && !tables.connections.containsKey(tables.uploadTarget)) {
        lineNumber = 0;
        throw invalid("its upload target names no stored connection");
      }
      return tables;
    }

    private int footerStart() {
      int end = bytes.length;
      if (end == 0 || bytes[end - 1] != '\n') {
        throw invalid("it is empty or does not end with its checksum line");
      }
      int start = end - 1;
      while (start > 0 && bytes[start - 1] != '\n') {
        start--;
      }
      return start;
    }

    private String decode(byte[] body) {
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
      } catch (CharacterCodingException e) {
        throw invalid("it is not UTF-8");
      }
    }

    private String[] fields(String line) {
      String[] raw = line.split(" ", -1);
      for (int i = 0; i < raw.length; i++) {
        raw[i] = unescape(raw[i]);
      }
      return raw;
    }

    private String unescape(String s) {
      if (s.indexOf('%') < 0) {
        return s;
      }
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c != '%') {
          b.append(c);
          continue;
        }
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
        int value = hi * 16 + lo;
        if (hi < 0 || lo < 0 || value >= 0x80) {
          throw invalid("it has a broken escape");
        }
        b.append((char) value);
        i += 2;
      }
      return b.toString();
    }

    private void expect(String[] f, int count) {
      if (f.length != count) {
        throw invalid("a line has " + f.length + " fields instead of " + count);
      }
    }

    private Pending need(Pending connection) {
      if (connection == null) {
        throw invalid("a line comes before any connection");
      }
      return connection;
    }

    private int integer(String s) {
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw invalid("a number is malformed");
      }
    }

    private long number(String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw invalid("a number is malformed");
      }
    }

    private Instant instant(String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw invalid("a time is malformed");
      }
    }

    private boolean bool(String s) {
      return switch (s) {
        case "true" -> true;
        case "false" -> false;
        default -> throw invalid("a flag is neither true nor false");
      };
    }

    private Optional<String> optional(String s) {
      if (s.equals("-")) {
        return Optional.empty();
      }
      if (s.startsWith("+")) {
        return Optional.of(s.substring(1));
      }
      throw invalid("an optional value is malformed");
    }

    private Set<Feature> features(String s) {
      if (s.equals("-")) {
        return Set.of();
      }
      Set<Feature> set = EnumSet.noneOf(Feature.class);
      for (String name : s.split(",", -1)) {
        try {
          set.add(Feature.valueOf(name));
        } catch (IllegalArgumentException e) {
          throw invalid("it names a feature this Stowage does not know");
        }
      }
      return set;
    }

    private StorageException invalid(String why) {
      return StorageException.of(
          Code.CONFIG_INVALID,
          "The connection store file "
              + source
              + " cannot be read: "
              + why
              + (lineNumber > 0 ? " (line " + lineNumber + ")" : "")
              + ". Restore it from a backup; the hub does not start from an empty store over it.");
    }

    private final class PendingLocation {
      final int number;
      final Map<String, String> settings = new TreeMap<>();

      PendingLocation(int number) {
        this.number = number;
      }
    }

    private final class Pending {
      final String[] head;
      final int line;
      final Map<String, String> settings = new TreeMap<>();
      final Map<String, String> secrets = new TreeMap<>();
      final List<PendingLocation> locations = new ArrayList<>();
      final List<String[]> files = new ArrayList<>();

      Pending(String[] head) {
        this.head = head;
        this.line = lineNumber;
      }

      void addTo(ConnectionTables tables) {
        int fileLines = lineNumber;
        lineNumber = line;
        ConnectionRecord record;
        try {
          List<LocationRecord> locs = new ArrayList<>();
          for (PendingLocation l : locations) {
            locs.add(new LocationRecord(l.number, l.settings));
          }
          record =
              new ConnectionRecord(
                  head[1],
                  head[2],
                  head[3],
                  settings,
                  secrets,
                  bool(head[4]),
                  features(head[5]),
                  locs,
                  instant(head[6]),
                  instant(head[7]),
                  number(head[8]));
        } catch (IllegalArgumentException e) {
          throw invalid("a connection is malformed");
        }
        if (tables.connections.putIfAbsent(record.id(), record) != null) {
          throw invalid("a connection id appears twice");
        }
        for (String[] f : files) {
          FileRecord file;
          try {
            file =
                new FileRecord(
                    record.id(),
                    f[1],
                    integer(f[2]),
                    number(f[3]),
                    f[4],
                    optional(f[5]),
                    instant(f[6]),
                    optional(f[7]));
          } catch (IllegalArgumentException e) {
            throw invalid("a file record is malformed");
          }
          if (tables.file(record.id(), file.location(), file.key()).isPresent()) {
            throw invalid("a file record appears twice");
          }
          tables.putFile(file);
        }
        lineNumber = fileLines;
      }
    }
  }

  private static String features(Set<Feature> features) {
    if (features.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (Feature f : features) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(f.name());
    }
    return b.toString();
  }

  private static String optional(Optional<String> value) {
    return value.map(v -> "+" + v).orElse("-");
  }

  private static void line(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(' ');
      }
      escape(out, fields[i]);
    }
    out.append('\n');
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == ' ' || c < 0x20 || c == 0x7f) {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      } else {
        out.append(c);
      }
    }
  }

  private static byte[] utf8(CharSequence text) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
      return Arrays.copyOf(b.array(), b.limit());
    } catch (CharacterCodingException e) {
      // A lone surrogate half: written as '?' it would come back as another value.
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "A connection or file record holds text that is not valid Unicode (a lone surrogate)");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
