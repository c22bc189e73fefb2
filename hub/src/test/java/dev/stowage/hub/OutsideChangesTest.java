package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ObjectContent;
import dev.stowage.UploadRequest;
import dev.stowage.hub.config.SettingOrigin;
import dev.stowage.hub.store.InMemoryConnectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings changed outside the hub (environment, configuration file) are read again after the
 * refresh interval or on refresh(); a changed root or bucket gives the connection a new location
 * and earlier references keep reading from the old one.
 */
class OutsideChangesTest {

  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-11-29T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a root changed outside is picked up after the refresh interval, as a new location")
  void rootChangedOutside() throws Exception {
    OutsideSettings outside = new OutsideSettings();
    outside.set("disk", "root", dir.resolve("one").toString());
    TestClock clock = new TestClock();
    InMemoryConnectionStore store = new InMemoryConnectionStore();
    CountingDrivers drivers = new CountingDrivers();
    try (StorageHub hub =
        StorageHub.builder()
            .connectionStore(store)
            .settingSources(outside)
            .driverRegistry(drivers.registry)
            .clock(clock)
            .refreshInterval(Duration.ofSeconds(30))
            .build()) {
      hub.add(ConnectionSpec.builder("disk", "local").build());
      hub.switchUploadTarget("disk");
      assertThat(hub.settings("disk").setting("root").orElseThrow().origin())
          .isEqualTo(SettingOrigin.ENVIRONMENT);
      StoredFile first = hub.upload(UploadRequest.of("f.txt"), bytes("one"));

      outside.set("disk", "root", dir.resolve("two").toString());
      int resolves = outside.resolves.get();
      StoredFile stillOne = hub.upload(UploadRequest.of("g.txt"), bytes("still one"));
      assertThat(stillOne.ref().location()).as("within the interval").isEqualTo(1);
      assertThat(outside.resolves.get()).as("no resolve within the interval").isEqualTo(resolves);

      clock.advance(Duration.ofSeconds(31));
      StoredFile second = hub.upload(UploadRequest.of("f.txt"), bytes("two"));
      assertThat(second.ref()).hasToString("stowage://disk~2/f.txt");
      assertThat(hub.connection("disk").orElseThrow().currentLocation()).isEqualTo(2);
      assertThat(dir.resolve("two/f.txt")).hasContent("two");
      try (ObjectContent c = hub.download(first.ref())) {
        assertThat(c.readAllBytes()).isEqualTo(bytes("one"));
      }
      assertThat(hub.stat(stillOne.ref()).size()).isEqualTo(9);

      // refresh() does not wait for the interval.
      outside.set("disk", "root", dir.resolve("one").toString());
      hub.refresh();
      StoredFile backToOne = hub.upload(UploadRequest.of("h.txt"), bytes("h"));
      assertThat(backToOne.ref().location()).isEqualTo(1);
      // A known location is not written again: application servers whose sources disagree must
      // not take turns rewriting the shared record. The connection shows where its files go now.
      long version = store.connection("disk").orElseThrow().version();
      assertThat(store.connection("disk").orElseThrow().locations())
          .extracting(l -> l.number())
          .containsExactly(1, 2);
      assertThat(hub.connection("disk").orElseThrow().currentLocation()).isEqualTo(1);
      hub.upload(UploadRequest.of("i.txt"), bytes("i"));
      assertThat(store.connection("disk").orElseThrow().version()).isEqualTo(version);
    }
    assertThat(drivers.stillOpen()).isZero();
  }
}
