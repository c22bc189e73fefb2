package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download stream over a file channel: exact ranges, and an end where the file ends. */
class FileRangeStreamTest {

  @TempDir Path dir;

  @Test
  @DisplayName("a file cut short in place ends the stream early, by read and by transferTo")
  void fileCutShort() throws Exception {
    byte[] bytes = new byte[100_000];
    Arrays.fill(bytes, (byte) 7);
    Path file = Files.write(dir.resolve("f"), bytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FileRangeStream in = new FileRangeStream(ch, 10, 90_000)) {
      assertThat(in.readNBytes(5)).hasSize(5);
      try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
        w.truncate(50_000);
      }
      Path target = dir.resolve("t");
      try (FileOutputStream out = new FileOutputStream(target.toFile())) {
        long n =
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> in.transferTo(out));
        assertThat(n).isEqualTo(50_000 - 15);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FileRangeStream in = new FileRangeStream(ch, 40_000, 20_000)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(in.transferTo(out)).isEqualTo(10_000);
      assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
    }
  }

  @Test
  @DisplayName("available, skip and single-byte reads stay within the range")
  void staysInRange() throws Exception {
    byte[] bytes = new byte[1_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    Path file = Files.write(dir.resolve("g"), bytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FileRangeStream in = new FileRangeStream(ch, 100, 50)) {
      assertThat(in.available()).isEqualTo(50);
      assertThat(in.read()).isEqualTo(100);
      assertThat(in.skip(1_000)).isEqualTo(49);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.available()).isZero();
    }
  }
}
