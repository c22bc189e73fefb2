package dev.stowage.hub;

import dev.stowage.ListRequest;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.Store;
import dev.stowage.hub.store.ConnectionRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and searches one connection or all of them, in connection id order, each at its current
 * location. A page fills from one connection after another; the cursor names the connection to
 * resume in, its location, and that connection's own store cursor (refused once the connection is
 * pointed at another location: its keys belong to the old bucket). A search page may come back
 * short, as a store's does, rather than scanning several connections unbounded in one call.
 */
final class HubListing {

  private static final Logger log = LoggerFactory.getLogger(HubListing.class);

  /** One store page of a connection: list or search, resuming at a store cursor. */
  private interface StorePage {
    Page<ObjectInfo> fetch(Store store, String storeCursor, int pageSize);
  }

  private final Connections connections;

  HubListing(Connections connections) {
    this.connections = connections;
  }

  Page<HubEntry> list(HubListRequest request) {
    return page(
        HubCursor.LIST,
        request.connectionId(),
        request.cursor(),
        request.pageSize(),
        (store, cursor, size) ->
            store.list(
                ListRequest.builder(request.prefix()).cursor(cursor).pageSize(size).build()));
  }

  Page<HubEntry> search(HubSearchRequest request) {
    return page(
        HubCursor.SEARCH,
        request.connectionId(),
        request.cursor(),
        request.match().pageSize(),
        (store, cursor, size) ->
            store.search(request.match().toBuilder().cursor(cursor).pageSize(size).build()));
  }

  private Page<HubEntry> page(
      String kind,
      Optional<String> only,
      Optional<String> cursor,
      int pageSize,
      StorePage storePage) {
    List<ConnectionRecord> all =
        only.isPresent()
            ? List.of(connections.existing(only.get()))
            : connections.store().connections().stream()
                .sorted(Comparator.comparing(ConnectionRecord::id))
                .toList();
    HubCursor.Position at = cursor.map(c -> HubCursor.decode(c, kind)).orElse(null);
    if (at != null && only.isPresent() && !at.connectionId().equals(only.get())) {
      throw HubCursor.invalid();
    }
    List<HubEntry> items = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ConnectionRecord record = all.get(i);
      if (at != null && record.id().compareTo(at.connectionId()) < 0) {
        continue; // before the connection the cursor resumes in
      }
      boolean resumes = at != null && record.id().equals(at.connectionId());
      String storeCursor = resumes ? at.storeCursor() : null;
      int cursorLocation = resumes ? at.location() : 0;
      while (true) {
        Page<ObjectInfo> page;
        int location;
        Lease lease = connections.lease(record, Connections.CURRENT);
        try (lease) {
          location = lease.location();
          if (storeCursor != null && location != cursorLocation) {
            // The store cursor is a key of the bucket the listing was in, not of this one.
            throw HubCursor.pointedElsewhere(record.id());
          }
          page = storePage.fetch(lease.store(), storeCursor, pageSize - items.size());
          for (ObjectInfo info : page.items()) {
            add(items, record, location, info, lease);
          }
        }
        storeCursor = page.nextCursor().orElse(null);
        cursorLocation = location;
        if (storeCursor == null) {
          break; // this connection is done
        }
        if (items.size() >= pageSize || kind.equals(HubCursor.SEARCH)) {
          return Page.of(items, HubCursor.encode(kind, record.id(), location, storeCursor));
        }
      }
      if (items.size() >= pageSize) {
        return i + 1 < all.size()
            ? Page.of(items, HubCursor.encode(kind, all.get(i + 1).id()))
            : Page.of(items, null);
      }
    }
    return Page.of(items, null);
  }

  private static void add(
      List<HubEntry> items, ConnectionRecord record, int location, ObjectInfo info, Lease lease) {
    if (!FileRef.canReference(info.key())) {
      // Written by another tool with a '..' segment or a leading '/': no reference may name it.
      log.debug("Connection '{}': a listed key no reference can name was left out", record.id());
      return;
    }
    items.add(
        new HubEntry(
            FileRef.of(record.id(), info.key(), location),
            record.id(),
            lease.store().descriptor().badge(),
            info));
  }
}
