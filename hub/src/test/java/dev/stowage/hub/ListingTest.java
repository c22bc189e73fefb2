package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Page;
import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and searching one connection or all of them, page by page. */
class ListingTest {

  @TempDir Path dir;
  private StorageHub hub;

  @BeforeEach
  void open() {
    hub = StorageHub.builder().build();
    for (String id : new String[] {"c-three", "a-one", "b-two"}) {
      hub.add(ConnectionSpec.builder(id, "local").set("root", dir.resolve(id).toString()).build());
      hub.switchUploadTarget(id);
      for (String key :
          new String[] {"docs/guide.pdf", "products/app-1.0.zip", "products/app-2.0.zip"}) {
        hub.upload(UploadRequest.of(key), (id + key).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static List<String> refs(List<HubEntry> entries) {
    return entries.stream().map(e -> e.ref().toString()).toList();
  }

  @Test
  @DisplayName("all connections in id order, under a prefix, each entry with its connection")
  void listAllUnderPrefix() {
    List<HubEntry> zips =
        hub.listAll(HubListRequest.builder().prefix("products/").build()).toList();
    assertThat(refs(zips))
        .containsExactly(
            "stowage://a-one/products/app-1.0.zip",
            "stowage://a-one/products/app-2.0.zip",
            "stowage://b-two/products/app-1.0.zip",
            "stowage://b-two/products/app-2.0.zip",
            "stowage://c-three/products/app-1.0.zip",
            "stowage://c-three/products/app-2.0.zip");
    assertThat(zips)
        .allSatisfy(e -> assertThat(e.ref().connectionId()).isEqualTo(e.connectionId()));
    assertThat(zips).allSatisfy(e -> assertThat(e.badge().label()).isEqualTo("Local"));
  }

  @Test
  @DisplayName("every page size walks the same entries, across connection boundaries")
  void pageSizes() {
    List<String> all = refs(hub.listAll(HubListRequest.all()).toList());
    assertThat(all).hasSize(9);
    for (int size = 1; size <= 10; size++) {
      List<HubEntry> walked = new ArrayList<>();
      Optional<String> cursor = Optional.empty();
      int pages = 0;
      do {
        Page<HubEntry> page =
            hub.list(HubListRequest.builder().pageSize(size).cursor(cursor.orElse(null)).build());
        assertThat(page.items().size()).isLessThanOrEqualTo(size);
        walked.addAll(page.items());
        cursor = page.nextCursor();
        pages++;
      } while (cursor.isPresent() && pages < 50);
      assertThat(refs(walked)).as("page size " + size).isEqualTo(all);
    }
  }

  @Test
  @DisplayName("one connection only")
  void oneConnection() {
    assertThat(refs(hub.listAll(HubListRequest.connection("b-two")).toList()))
        .containsExactly(
            "stowage://b-two/docs/guide.pdf",
            "stowage://b-two/products/app-1.0.zip",
            "stowage://b-two/products/app-2.0.zip");
  }

  @Test
  @DisplayName("search by file name over all connections or one, paged by the hub's cursor")
  void search() {
    assertThat(refs(hub.searchAll(HubSearchRequest.of(SearchRequest.glob("app-2*"))).toList()))
        .containsExactly(
            "stowage://a-one/products/app-2.0.zip",
            "stowage://b-two/products/app-2.0.zip",
            "stowage://c-three/products/app-2.0.zip");
    assertThat(
            refs(
                hub.searchAll(
                        HubSearchRequest.builder(SearchRequest.contains("GUIDE"))
                            .connection("c-three")
                            .build())
                    .toList()))
        .containsExactly("stowage://c-three/docs/guide.pdf");
    SearchRequest onePerPage = SearchRequest.glob("*.zip").toBuilder().pageSize(1).build();
    List<HubEntry> walked = new ArrayList<>();
    String cursor = null;
    do {
      Page<HubEntry> page = hub.search(HubSearchRequest.builder(onePerPage).cursor(cursor).build());
      walked.addAll(page.items());
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    assertThat(walked).hasSize(6);
  }

  @Test
  @DisplayName("connections declared outside the store are added once, by every hub on the store")
  void declaredConnections() {
    OutsideSettings outside = new OutsideSettings();
    outside.declare("from-config", "local");
    outside.set("from-config", "root", dir.resolve("declared").toString());
    var store = new dev.stowage.hub.store.InMemoryConnectionStore();
    try (StorageHub one =
            StorageHub.builder().connectionStore(store).settingSources(outside).build();
        StorageHub two =
            StorageHub.builder().connectionStore(store).settingSources(outside).build()) {
      assertThat(two.connections()).extracting(Connection::id).containsExactly("from-config");
      assertThat(one.connection("from-config").orElseThrow().version()).isEqualTo(1);
      assertThat(one.connection("from-config").orElseThrow().settings()).isEmpty();
      one.switchUploadTarget("from-config");
      assertThat(one.upload(UploadRequest.of("k.txt"), new byte[] {1}).ref())
          .hasToString("stowage://from-config/k.txt");
    }
  }

  @Test
  @DisplayName(
      "a cursor from before the connection was pointed elsewhere is refused, not continued in the"
          + " new bucket; the next connection's start cursor and a new listing still work")
  void cursorRefusedAfterLocationChange() {
    Page<HubEntry> first =
        hub.list(HubListRequest.builder().connection("a-one").pageSize(1).build());
    String cursor = first.nextCursor().orElseThrow();
    Page<HubEntry> firstOfAll = hub.list(HubListRequest.builder().pageSize(1).build());
    String cursorOfAll = firstOfAll.nextCursor().orElseThrow();
    Page<HubEntry> toNext = hub.list(HubListRequest.builder().pageSize(3).build());
    String startOfB = toNext.nextCursor().orElseThrow(); // a-one is done: b-two from its start

    hub.edit(
        "a-one",
        ConnectionEdit.builder().set("root", dir.resolve("a-elsewhere").toString()).build());

    for (HubListRequest stale :
        List.of(
            HubListRequest.builder().connection("a-one").pageSize(1).cursor(cursor).build(),
            HubListRequest.builder().pageSize(1).cursor(cursorOfAll).build())) {
      StorageException e = HubAssertions.failsWith(Code.INVALID_ARGUMENT, () -> hub.list(stale));
      assertThat(e.getMessage())
          .contains("'a-one' was pointed elsewhere since this listing started; list again");
    }
    assertThat(
            refs(hub.list(HubListRequest.builder().pageSize(1).cursor(startOfB).build()).items()))
        .containsExactly("stowage://b-two/docs/guide.pdf");
    assertThat(hub.list(HubListRequest.connection("a-one")).items()).isEmpty();
  }
}
