package dev.stowage.testkit.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded server's listings: UTF-8 byte order over many pages, V1 and V2, delimiters, writes
 * and deletes between pages, and the store read once per listing rather than once per page. The
 * expected answers come from a naive model (sort the keys' bytes, roll up, page), not from the code
 * under test.
 */
class Utf8OrderBlobStoreTest {

  private static final String BUCKET = "b";

  /** UTF-16 order and UTF-8 order disagree on these: U+FF61 sorts after U+1F600 in UTF-16 only. */
  private static final String HALFWIDTH = "\uFF61";

  private static final String EMOJI = "\uD83D\uDE00";

  private static final Comparator<String> BYTES =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));

  private CountingStore counting;
  private Utf8OrderBlobStore store;

  @BeforeEach
  void setUp() {
    counting = new CountingStore();
    store = new Utf8OrderBlobStore(counting);
    store.createContainer(BUCKET);
  }

  @Test
  @DisplayName("3,000 keys page out in UTF-8 byte order, each once, through continuation tokens")
  void manyKeysInUtf8Order() {
    List<String> keys = new ArrayList<>();
    String[] stems = {"a", "z", "é", HALFWIDTH, EMOJI, "日本", "~"};
    for (int i = 0; i < 3_000; i++) {
      keys.add(stems[i % stems.length] + "/" + stems[(i / 7) % stems.length] + "-" + i);
    }
    keys.forEach(this::put);

    assertThat(walkV2("", null, 97)).containsExactlyElementsOf(model(keys, "", null));
    assertThat(walkV1("", null, 97)).containsExactlyElementsOf(model(keys, "", null));
    assertThat(walkV2("é/", null, 10)).containsExactlyElementsOf(model(keys, "é/", null));
  }

  @Test
  @DisplayName(
      "a listing chain reads the store once, not once per page; a write makes it read again")
  void readsTheStoreOncePerListing() {
    for (int i = 0; i < 500; i++) {
      put(String.format("k/%03d", i));
    }
    counting.lists.set(0);
    assertThat(walkV2("", null, 10)).hasSize(500); // 50 pages
    assertThat(walkV2("k/", null, 10)).hasSize(500); // under a prefix already read
    assertThat(counting.lists.get()).isEqualTo(1);

    put("k/500");
    assertThat(walkV2("", null, 100)).hasSize(501).endsWith("k/500");
    assertThat(counting.lists.get()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "writes and deletes between pages: every key present throughout is listed exactly once")
  void writesAndDeletesBetweenPages() {
    useExactKeys();
    Random random = new Random(12);
    Set<String> present = new TreeSet<>(BYTES);
    for (int i = 0; i < 600; i++) {
      String key = randomKey(random);
      put(key);
      present.add(key);
    }
    Set<String> throughout = new HashSet<>(present);
    Set<String> deletedBefore = new HashSet<>();
    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page =
          store.list(
              ListObjectsV2Request.builder()
                  .bucket(BUCKET)
                  .maxKeys(25)
                  .continuationToken(token)
                  .build());
      page.contents().forEach(o -> listed.add(o.key()));
      page.contents().forEach(o -> assertThat(deletedBefore).doesNotContain(o.key()));
      token = page.nextContinuationToken();
      assertThat(page.isTruncated()).isEqualTo(token != null);
      // Between pages: new keys on both sides of the resume point, and deletes on both sides.
      for (int i = 0; i < 5; i++) {
        String added = randomKey(random);
        if (present.add(added)) {
          put(added);
        }
        String victim = new ArrayList<>(present).get(random.nextInt(present.size()));
        remove(victim);
        present.remove(victim);
        throughout.remove(victim);
        deletedBefore.add(victim);
      }
    } while (token != null);

    assertThat(listed).doesNotHaveDuplicates().isSortedAccordingTo(BYTES);
    assertThat(listed).containsAll(throughout);
  }

  @Test
  @DisplayName("a key written after the marker between pages shows up in a later page")
  void newKeyAfterTheMarkerIsListed() {
    for (int i = 0; i < 20; i++) {
      put(String.format("k%02d", i));
    }
    ListObjectsV2Response first =
        store.list(ListObjectsV2Request.builder().bucket(BUCKET).maxKeys(10).build());
    put("k15a");
    remove("k18");
    List<String> rest = new ArrayList<>();
    String token = first.nextContinuationToken();
    while (token != null) {
      ListObjectsV2Response page =
          store.list(
              ListObjectsV2Request.builder()
                  .bucket(BUCKET)
                  .maxKeys(10)
                  .continuationToken(token)
                  .build());
      page.contents().forEach(o -> rest.add(o.key()));
      token = page.nextContinuationToken();
    }
    assertThat(rest)
        .containsExactly("k10", "k11", "k12", "k13", "k14", "k15", "k15a", "k16", "k17", "k19");
  }

  @Test
  @DisplayName("delimiter listings roll keys up into common prefixes, counted once, V1 and V2")
  void delimiterListings() {
    List<String> keys =
        List.of(
            "top.txt",
            "a/1",
            "a/2",
            "a/b/3",
            "b/1",
            "c",
            HALFWIDTH + "/x",
            HALFWIDTH + "y",
            EMOJI + "/x",
            EMOJI + "/y",
            "z/");
    keys.forEach(this::put);
    for (int pageSize : new int[] {1, 2, 3, 1000}) {
      assertThat(walkV2("", "/", pageSize))
          .as("page size %d", pageSize)
          .containsExactlyElementsOf(model(keys, "", "/"))
          .containsExactly(
              "a/", "b/", "c", "top.txt", "z/", HALFWIDTH + "/", HALFWIDTH + "y", EMOJI + "/");
      assertThat(walkV1("", "/", pageSize)).containsExactlyElementsOf(model(keys, "", "/"));
      assertThat(walkV2("a/", "/", pageSize)).containsExactly("a/1", "a/2", "a/b/");
    }
  }

  @Test
  @DisplayName("V1's NextMarker is the last entry in UTF-8 order, so no entry comes twice")
  void v1NextMarkerInUtf8Order() {
    // Page 1 (MaxKeys 2): the key "｡y" then the prefix "😀/"; String order would pick "｡y" as last.
    List<String> keys = List.of(HALFWIDTH + "y", EMOJI + "/x", EMOJI + "z");
    keys.forEach(this::put);
    ListObjectsResponse first =
        store.listV1(ListObjectsRequest.builder().bucket(BUCKET).delimiter("/").maxKeys(2).build());
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.nextMarker()).isEqualTo(EMOJI + "/");
    assertThat(walkV1("", "/", 2)).containsExactly(HALFWIDTH + "y", EMOJI + "/", EMOJI + "z");
  }

  @Test
  @DisplayName("StartAfter starts after that name; MaxKeys 0 is an empty, untruncated page")
  void startAfterAndMaxKeysZero() {
    List.of("a", "b", "c/1", "c/2", "d").forEach(this::put);
    ListObjectsV2Response page =
        store.list(ListObjectsV2Request.builder().bucket(BUCKET).startAfter("b").build());
    assertThat(names(page.contents(), page.commonPrefixes())).containsExactly("c/1", "c/2", "d");
    page =
        store.list(
            ListObjectsV2Request.builder().bucket(BUCKET).startAfter("c/1").delimiter("/").build());
    // As S3: the keys after the start that roll up still make their common prefix.
    assertThat(names(page.contents(), page.commonPrefixes())).containsExactly("c/", "d");
    page =
        store.list(
            ListObjectsV2Request.builder().bucket(BUCKET).startAfter("c/").delimiter("/").build());
    assertThat(names(page.contents(), page.commonPrefixes())).containsExactly("d");
    page = store.list(ListObjectsV2Request.builder().bucket(BUCKET).maxKeys(0).build());
    assertThat(page.contents()).isEmpty();
    assertThat(page.isTruncated()).isFalse();
  }

  @Test
  @DisplayName("random keys, prefixes, delimiters and page sizes agree with the naive model")
  void randomListingsAgreeWithTheModel() {
    useExactKeys();
    Random random = new Random(7);
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < 400; i++) {
      keys.add(randomKey(random));
    }
    keys.forEach(this::put);
    String[] prefixes = {"", "a", "a/", "é", HALFWIDTH, EMOJI + "/", "zz"};
    String[] delimiters = {null, "/", "é", "a/"};
    for (String prefix : prefixes) {
      for (String delimiter : delimiters) {
        int pageSize = 1 + random.nextInt(40);
        List<String> expected = model(keys, prefix, delimiter);
        String what = "prefix '" + prefix + "', delimiter '" + delimiter + "', page " + pageSize;
        assertThat(walkV2(prefix, delimiter, pageSize)).as(what).isEqualTo(expected);
        assertThat(walkV1(prefix, delimiter, pageSize)).as(what).isEqualTo(expected);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Random keys hold "//", a leading "/" and the like, which only the exact-keys store keeps. */
  private void useExactKeys() {
    store = new Utf8OrderBlobStore(new ExactKeysBlobStore(counting));
  }

  private static String randomKey(Random random) {
    String[] parts = {"a", "b", "/", "é", HALFWIDTH, EMOJI, "日", "z", "a/"};
    StringBuilder key = new StringBuilder();
    int n = 1 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      key.append(parts[random.nextInt(parts.length)]);
    }
    key.append(random.nextInt(50));
    return key.toString();
  }

  /** What S3 lists: keys under the prefix in byte order, rolled up at the delimiter, each once. */
  private static List<String> model(Collection<String> keys, String prefix, String delimiter) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(BYTES);
    Set<String> out = new LinkedHashSet<>();
    for (String key : sorted) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
      out.add(cut < 0 ? key : key.substring(0, cut + delimiter.length()));
    }
    return new ArrayList<>(out);
  }

  private List<String> walkV2(String prefix, String delimiter, int pageSize) {
    List<String> all = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page =
          store.list(
              ListObjectsV2Request.builder()
                  .bucket(BUCKET)
                  .prefix(prefix)
                  .delimiter(delimiter)
                  .maxKeys(pageSize)
                  .continuationToken(token)
                  .build());
      List<String> names = names(page.contents(), page.commonPrefixes());
      assertThat(names.size()).isLessThanOrEqualTo(pageSize);
      all.addAll(names);
      token = page.nextContinuationToken();
      assertThat(page.isTruncated()).isEqualTo(token != null);
    } while (token != null);
    return all;
  }

  private List<String> walkV1(String prefix, String delimiter, int pageSize) {
    List<String> all = new ArrayList<>();
    String marker = null;
    while (true) {
      ListObjectsResponse page =
          store.listV1(
              ListObjectsRequest.builder()
                  .bucket(BUCKET)
                  .prefix(prefix)
                  .delimiter(delimiter)
                  .maxKeys(pageSize)
                  .marker(marker)
                  .build());
      List<String> names = names(page.contents(), page.commonPrefixes());
      all.addAll(names);
      if (!page.isTruncated()) {
        return all;
      }
      marker = page.nextMarker();
    }
  }

  /** A page's keys and common prefixes, merged back into the one order S3 pages them in. */
  private static List<String> names(List<S3Object> contents, List<CommonPrefix> prefixes) {
    List<String> names = new ArrayList<>();
    contents.forEach(o -> names.add(o.key()));
    prefixes.forEach(p -> names.add(p.prefix()));
    names.sort(BYTES);
    return names;
  }

  private void put(String key) {
    byte[] body = {'x'};
    store.putBlob(
        PutObjectRequest.builder().bucket(BUCKET).key(key).contentLength(1L).build(),
        new ByteArrayInputStream(body));
  }

  private void remove(String key) {
    store.removeBlob(DeleteObjectRequest.builder().bucket(BUCKET).key(key).build());
  }

  /** An in-memory S3Proxy store that counts how often it is asked for a listing. */
  private static final class CountingStore extends ForwardingBlobStore {
    final AtomicInteger lists = new AtomicInteger();

    CountingStore() {
      super(new TransientNio2BlobStore());
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
      lists.incrementAndGet();
      return super.list(request);
    }
  }
}
