package dev.stowage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @Test
  @DisplayName("The README demo runs end to end on an empty directory and twice in a row")
  void demoRuns(@TempDir Path dir) throws Exception {
    for (int run = 0; run < 2; run++) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(dir.resolve("data"));
      String output = buffer.toString(StandardCharsets.UTF_8);

      assertThat(output)
          .contains("Drivers found: [local")
          .contains("Fetched it: HTTP 200, 3145728 bytes")
          .contains("filename*=UTF-8''App%201.0%20%28Setup%29.zip")
          .contains("The same link pointed at another file: HTTP 403")
          .contains("signed PUT link: HTTP 200, stored 21 bytes")
          .contains("Deleted products/app-1.0.zip; it exists now: false")
          .contains("Fetched it from S3: HTTP 200, 5242880 bytes, same bytes: true")
          .contains("The S3 link pointed at another file: HTTP 403")
          .contains("Browser form upload within the 1 MiB policy: HTTP 201; over it: HTTP 400")
          .contains("stored: [uploads/receipt.txt]")
          .contains("S3 check again: all good")
          .containsPattern("S3 security cards \\(dry run on a fresh bucket\\):\\R.*NOT_SET")
          .containsPattern("S3 security cards \\(applied\\):\\R.*APPLIED")
          .containsPattern("S3 security cards \\(checked again\\):\\R.*ALREADY_SET")
          .containsPattern("accessKeyId +\\*{4}\\S{4} +from an environment variable \\(locked")
          .contains("Upload to the disabled disk: PRECONDITION_FAILED")
          .contains("Moved disk -> s3-main: 2 copied and verified, 0 failed")
          .contains("The old reference stowage://disk/products/course/lesson%201.mp4 still works")
          .containsPattern("\\[S3 +\\] stowage://s3-main/products/ebook.pdf")
          .contains("s3-main check again: all good");
      // Every S3 bucket card is one the embedded server keeps; only file permissions, which S3
      // leaves to IAM, stay UNSUPPORTED.
      assertThat(output.substring(output.indexOf("S3 security cards")).lines())
          .filteredOn(line -> line.contains("UNSUPPORTED"))
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).contains("Owner-only file permissions"));
    }
    assertThat(dir.resolve("data/products/app-1.1.zip")).exists();
    assertThat(Files.exists(dir.resolve("data/products/app-1.0.zip"))).isFalse();
  }
}
