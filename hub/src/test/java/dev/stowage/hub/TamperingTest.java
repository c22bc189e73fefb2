package dev.stowage.hub;

import static dev.stowage.hub.HubAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Page;
import dev.stowage.PresignRequest;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.store.FileRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References and cursors a host did not get from the hub: clear, typed errors, never a guess. */
class TamperingTest {

  @TempDir Path dir;
  private final InMemoryConnectionStore store = new InMemoryConnectionStore();
  private StorageHub hub;

  @BeforeEach
  void open() {
    hub = StorageHub.builder().connectionStore(store).build();
    for (String id : new String[] {"a", "b"}) {
      hub.add(ConnectionSpec.builder(id, "local").set("root", dir.resolve(id).toString()).build());
      hub.switchUploadTarget(id);
      for (int i = 0; i < 3; i++) {
        hub.upload(UploadRequest.of("x/" + i + ".txt"), bytes(id + i));
      }
    }
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(s));
  }

  @Test
  @DisplayName("a reference to an unknown connection or location is NOT_FOUND for every operation")
  void unknownConnectionOrLocation() {
    FileRef nowhere = FileRef.of("nope", "x/0.txt");
    failsWith(Code.NOT_FOUND, () -> hub.stat(nowhere));
    failsWith(Code.NOT_FOUND, () -> hub.download(nowhere));
    failsWith(Code.NOT_FOUND, () -> hub.presign(nowhere, Duration.ofMinutes(1)));
    failsWith(Code.NOT_FOUND, () -> hub.delete(nowhere));
    failsWith(Code.NOT_FOUND, () -> hub.stat(FileRef.of("a", "x/0.txt", 2)));
    failsWith(Code.NOT_FOUND, () -> hub.list(HubListRequest.connection("nope")));
    failsWith(Code.NOT_FOUND, () -> hub.verify("nope"));
    failsWith(Code.NOT_FOUND, () -> hub.settings("nope"));
    failsWith(Code.NOT_FOUND, () -> hub.capabilities("nope"));
    failsWith(Code.NOT_FOUND, () -> hub.uploadTo("nope", UploadRequest.of("k"), bytes("k")));
  }

  @Test
  @DisplayName("strings that leave the bucket or use another scheme never become references")
  void hostileStrings() {
    for (String s :
        new String[] {
          "stowage://a/../b/x/0.txt",
          "stowage://a//etc/passwd",
          "stowage://a/x/%2E%2E/%2E%2E/y",
          "file:///etc/passwd",
          "s3://a/x/0.txt",
          "stowage://a~1/x/0.txt",
          "stowage://../x"
        }) {
      assertThat(failsWith(Code.INVALID_ARGUMENT, () -> FileRef.parse(s)).getMessage())
          .as(s)
          .startsWith("Invalid file reference");
    }
  }

  @Test
  @DisplayName("tampered, foreign-kind and foreign-connection cursors are INVALID_ARGUMENT")
  void cursors() {
    Page<HubEntry> first = hub.list(HubListRequest.builder().pageSize(2).build());
    String cursor = first.nextCursor().orElseThrow();
    HubListRequest.Builder next = HubListRequest.builder().pageSize(2);

    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.cursor("!!not-base64!!").build()));
    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.cursor(base64("hl1:a")).build()));
    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.cursor(base64("hl1:A B:")).build()));
    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.cursor(base64("l1:x/0.txt")).build()));
    // The store cursor inside is checked as the store checks any cursor.
    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.cursor(base64("hl1:a:garbage")).build()));
    // A listing cursor cannot resume a search, nor a listing of another prefix or connection.
    failsWith(
        Code.INVALID_ARGUMENT,
        () ->
            hub.search(
                HubSearchRequest.builder(SearchRequest.glob("*.txt")).cursor(cursor).build()));
    failsWith(Code.INVALID_ARGUMENT, () -> hub.list(next.prefix("y/").cursor(cursor).build()));
    failsWith(
        Code.INVALID_ARGUMENT,
        () -> hub.list(HubListRequest.connection("b").toBuilder().cursor(cursor).build()));

    // Any one character changed: a page, or INVALID_ARGUMENT; never another failure.
    for (int i = 0; i < cursor.length(); i++) {
      for (char c : new char[] {'A', 'z', '-', '_', '0'}) {
        if (cursor.charAt(i) == c) {
          continue;
        }
        String tampered = cursor.substring(0, i) + c + cursor.substring(i + 1);
        try {
          hub.list(next.prefix("").cursor(tampered).build());
        } catch (StorageException e) {
          assertThat(e.code())
              .as(tampered + ": " + e.getMessage())
              .isEqualTo(Code.INVALID_ARGUMENT);
        }
      }
    }
  }

  @Test
  @DisplayName("presign through a reference: GET, HEAD, DELETE only, for the reference's own key")
  void presignRules() {
    FileRef ref = FileRef.of("a", "x/0.txt");
    failsWith(
        Code.INVALID_ARGUMENT,
        () -> hub.presign(ref, PresignRequest.put("x/0.txt", Duration.ofMinutes(1))));
    failsWith(
        Code.INVALID_ARGUMENT,
        () -> hub.presign(ref, PresignRequest.get("x/1.txt", Duration.ofMinutes(1))));
  }

  @Test
  @DisplayName("a moved file's old reference follows the index to where it lives now")
  void movedTo() {
    FileRef old = FileRef.of("a", "x/0.txt");
    FileRef now = FileRef.of("b", "x/1.txt");
    FileRecord record = store.file("a", 1, "x/0.txt").orElseThrow();
    store.putFile(
        new FileRecord(
            "a",
            "x/0.txt",
            1,
            record.size(),
            record.contentType(),
            record.etag(),
            Instant.now(),
            Optional.of(now.toString())));
    try (var c = hub.download(old)) {
      assertThat(c.readAllBytes()).isEqualTo(bytes("b1"));
    }
    // A record for another location of the same key does not redirect this one.
    assertThat(hub.stat(FileRef.of("b", "x/0.txt")).size()).isEqualTo(2);
    hub.delete(old);
    failsWith(Code.NOT_FOUND, () -> hub.stat(now));
    assertThat(store.file("a", 1, "x/0.txt")).isEmpty();
    assertThat(store.file("b", 1, "x/1.txt")).isEmpty();

    // A loop of redirects ends in an error, not a hang.
    FileRecord two = store.file("b", 1, "x/2.txt").orElseThrow();
    store.putFile(redirect(two, FileRef.of("a", "x/2.txt")));
    store.putFile(
        redirect(store.file("a", 1, "x/2.txt").orElseThrow(), FileRef.of("b", "x/2.txt")));
    failsWith(Code.UNEXPECTED, () -> hub.stat(FileRef.of("a", "x/2.txt")));
  }

  private static FileRecord redirect(FileRecord r, FileRef to) {
    return new FileRecord(
        r.connectionId(),
        r.key(),
        r.location(),
        r.size(),
        r.contentType(),
        r.etag(),
        r.recordedAt(),
        Optional.of(to.toString()));
  }
}
