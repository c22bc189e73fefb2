package dev.stowage.hub.dagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.stowage.DriverRegistry;
import dev.stowage.ObjectInfo;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.hub.Connection;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.HubEntry;
import dev.stowage.hub.HubListRequest;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.config.ResolvedSetting;
import dev.stowage.hub.config.SettingOrigin;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKey;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.SecretSealer;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host components built by Dagger around {@link StowageModule}: defaults and host bindings. */
class StowageModuleTest {

  private static final String SIGNING_KEY = "host-signing-key-0123456789abcdefXYZW";
  private static final byte[] BYTES = "zip bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** Dagger has no lifecycle: like a host, the test closes every hub it was given. */
  private final Set<StorageHub> hubs = Collections.newSetFromMap(new IdentityHashMap<>());

  @AfterEach
  void closeHubs() {
    hubs.forEach(StorageHub::close);
  }

  private StorageHub opened(StorageHub hub) {
    hubs.add(hub);
    return hub;
  }

  private ConnectionSpec.Builder local(String id) {
    return ConnectionSpec.builder(id, "local").set("root", dir.resolve(id).toString());
  }

  @Test
  @DisplayName("with every default the hub works: add a local connection, upload, stat, list")
  void defaultsGiveAWorkingHub() throws IOException {
    StorageHub hub = opened(DaggerShopStorage.create().hub());
    hub.add(local("disk").label("Local disk").build());
    hub.switchUploadTarget("disk");

    StoredFile stored =
        hub.upload(
            UploadRequest.builder("products/app-1.0.zip").contentType("application/zip").build(),
            BYTES);

    assertThat(stored.ref().toString()).isEqualTo("stowage://disk/products/app-1.0.zip");
    ObjectInfo info = hub.stat(FileRef.parse(stored.ref().toString()));
    assertThat(info.size()).isEqualTo(BYTES.length);
    assertThat(info.contentType()).contains("application/zip");
    assertThat(hub.list(HubListRequest.all()).items())
        .extracting(HubEntry::ref, HubEntry::connectionId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(stored.ref(), "disk"));
    assertThat(Files.readAllBytes(dir.resolve("disk/products/app-1.0.zip"))).isEqualTo(BYTES);
  }

  @Test
  @DisplayName("the hub is a singleton of its component; another component has its own")
  void singletonPerComponent() {
    ShopStorage storage = DaggerShopStorage.create();
    StorageHub hub = opened(storage.hub());
    assertThat(storage.hub()).isSameAs(hub);

    StorageHub other = opened(DaggerShopStorage.create().hub());
    assertThat(other).isNotSameAs(hub);
    hub.add(local("disk").build());
    assertThat(other.connections()).isEmpty(); // each default hub has its own in-memory store

    JakartaScopedStorage jakarta = DaggerJakartaScopedStorage.create();
    assertThat(opened(jakarta.hub())).isSameAs(jakarta.hub());
  }

  @Test
  @DisplayName("without master keys in the environment a stored secret is refused, saying why")
  void defaultSealerWithoutMasterKeys() {
    assumeThat(System.getenv(MasterKeys.ENV_KEYS)).isNull();
    assumeThat(System.getenv(MasterKeys.ENV_KEY_FILE)).isNull();
    StorageHub hub = opened(DaggerShopStorage.create().hub());

    StorageException e =
        failsWith(
            Code.CONFIG_INVALID,
            () -> hub.add(local("disk").secret("signingKey", SIGNING_KEY).build()));

    assertThat(e.getMessage()).contains(MasterKeys.ENV_KEYS).doesNotContain(SIGNING_KEY);
    assertThat(hub.connections()).isEmpty();
  }

  @Test
  @DisplayName("the default sources read system properties (stowage.<id>.<setting>)")
  void defaultSourcesReadSystemProperties() {
    String property = "stowage.dagger-props.root";
    System.setProperty(property, dir.resolve("from-property").toString());
    try {
      StorageHub hub = opened(DaggerShopStorage.create().hub());
      hub.add(ConnectionSpec.builder("dagger-props", "local").build()); // root: the property

      assertThat(hub.settings("dagger-props").setting("root"))
          .map(ResolvedSetting::origin)
          .contains(SettingOrigin.SYSTEM_PROPERTY);
      StoredFile stored = hub.uploadTo("dagger-props", UploadRequest.of("a.txt"), BYTES);
      assertThat(hub.stat(stored.ref()).size()).isEqualTo(BYTES.length);
      assertThat(dir.resolve("from-property/a.txt")).exists();
    } finally {
      System.clearProperty(property);
    }
  }

  @Test
  @DisplayName("the host's store and master keys: secrets sealed with its key, state in its store")
  void hostStoreAndKeys() {
    InMemoryConnectionStore store = new InMemoryConnectionStore();
    MasterKeys keys = MasterKeys.of(MasterKey.generate("shop-1"));
    StorageHub hub = opened(DaggerHostComponents_StoreAndKeys.factory().create(store, keys).hub());

    hub.add(local("disk").secret("signingKey", SIGNING_KEY).build());
    hub.switchUploadTarget("disk");
    StoredFile stored = hub.upload(UploadRequest.of("products/app-1.0.zip"), BYTES);

    ConnectionRecord record = store.connection("disk").orElseThrow();
    String envelope = record.sealedSecrets().get("signingKey");
    assertThat(envelope).isNotNull().doesNotContain(SIGNING_KEY);
    assertThat(AesGcmSealer.create(keys).unseal("disk", "signingKey", envelope).reveal())
        .isEqualTo(SIGNING_KEY);
    failsWith( // a ring without the host's key cannot open it: the host's key sealed it
        Code.CONFIG_INVALID,
        () ->
            AesGcmSealer.create(MasterKeys.of(MasterKey.generate("shop-1")))
                .unseal("disk", "signingKey", envelope));
    assertThat(store.uploadTarget()).contains("disk");
    assertThat(store.file("disk", 1, "products/app-1.0.zip")).isPresent();

    // Another component on the same store and keys (a restart, a second server) sees it all.
    StorageHub restarted =
        opened(DaggerHostComponents_StoreAndKeys.factory().create(store, keys).hub());
    Connection again = restarted.connection("disk").orElseThrow();
    assertThat(again.secrets().get("signingKey").reveal()).isEqualTo(SIGNING_KEY);
    assertThat(restarted.uploadTarget()).contains("disk");
    assertThat(restarted.stat(stored.ref()).size()).isEqualTo(BYTES.length);
  }

  @Test
  @DisplayName("the host's own sealer and setting sources are the ones the hub uses")
  void hostSealerAndSources() {
    CountingSealer sealer = new CountingSealer(MasterKeys.of(MasterKey.generate("k1")));
    LayeredSettingSources sources =
        LayeredSettingSources.builder()
            .environment(name -> null)
            .systemProperties(Properties::new)
            .connection("declared", "local")
            .explicit("declared", "root", dir.resolve("declared").toString())
            .build();
    StorageHub hub =
        opened(DaggerHostComponents_SealerAndSources.factory().create(sealer, sources).hub());

    assertThat(hub.connection("declared")).isPresent();
    assertThat(hub.settings("declared").setting("root"))
        .map(ResolvedSetting::origin)
        .contains(SettingOrigin.CODE);
    hub.add(local("vault").secret("signingKey", SIGNING_KEY).build());
    assertThat(sealer.seals).hasValue(1);
  }

  @Test
  @DisplayName("a bound @ForStowage Path is read as the configuration file; a bound registry used")
  void configFileAndRegistry() throws IOException {
    Path file = dir.resolve("stowage.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "stowage.connections=disk",
            "stowage.disk.provider=local",
            "stowage.disk.root=" + dir.resolve("disk"),
            ""));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    DriverRegistry localOnly = DriverRegistry.of(List.of(DriverRegistry.load().provider("local")));
    StorageHub hub =
        opened(DaggerHostComponents_ConfigFileAndRegistry.factory().create(file, localOnly).hub());

    assertThat(hub.connection("disk")).isPresent();
    assertThat(hub.settings("disk").setting("root"))
        .map(ResolvedSetting::origin)
        .contains(SettingOrigin.CONFIG_FILE);
    // The S3 driver is on this class path, so DriverRegistry.shared() would know it.
    StorageException e =
        failsWith(
            Code.CONFIG_INVALID,
            () -> hub.add(ConnectionSpec.builder("s3-main", "s3").set("bucket", "b").build()));
    assertThat(e.getMessage()).contains("No storage driver with id 's3'; available: local");
  }

  @Test
  @DisplayName("the driver context's clock dates records; a host's plain Clock is not taken")
  void driverContextAndHostClock() {
    Instant contextTime = Instant.parse("2010-01-01T00:00:00Z");
    DriverContext context = DriverContext.builder().clock(fixed(contextTime)).build();
    Clock hostClock = fixed(Instant.parse("2001-01-01T00:00:00Z"));
    StorageHub hub =
        opened(DaggerHostComponents_ContextAndHostClock.factory().create(context, hostClock).hub());

    assertThat(hub.add(local("disk").build()).createdAt()).isEqualTo(contextTime);
  }

  @Test
  @DisplayName("a @ForStowage Clock dates records rather than the driver context's")
  void stowageClock() {
    Instant hubTime = Instant.parse("2020-01-01T00:00:00Z");
    DriverContext context =
        DriverContext.builder().clock(fixed(Instant.parse("2010-01-01T00:00:00Z"))).build();
    StorageHub hub =
        opened(
            DaggerHostComponents_ContextAndStowageClock.factory()
                .create(context, fixed(hubTime))
                .hub());

    assertThat(hub.add(local("disk").build()).createdAt()).isEqualTo(hubTime);
  }

  @Test
  @DisplayName("binding a sealer and master keys, or sources and a file, fails naming both")
  void ambiguousBindingsRefused() {
    SecretSealer sealer = AesGcmSealer.create(MasterKeys.of(MasterKey.generate("k1")));
    MasterKeys keys = MasterKeys.of(MasterKey.generate("k2"));
    HostComponents.SealerAndKeys both =
        DaggerHostComponents_SealerAndKeys.factory().create(sealer, keys);
    assertThat(failsWith(Code.CONFIG_INVALID, both::hub).getMessage())
        .contains("SecretSealer", "MasterKeys");

    HostComponents.SourcesAndConfigFile sourcesAndFile =
        DaggerHostComponents_SourcesAndConfigFile.factory()
            .create(LayeredSettingSources.builder().build(), dir.resolve("stowage.properties"));
    assertThat(failsWith(Code.CONFIG_INVALID, sourcesAndFile::hub).getMessage())
        .contains("SettingSources", "@ForStowage Path");
  }

  private static Clock fixed(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  static StorageException failsWith(Code code, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(StorageException.class);
    StorageException e = (StorageException) thrown;
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    return e;
  }

  /** The host's sealer: AES-GCM, counting what it seals. */
  private static final class CountingSealer implements SecretSealer {
    final AtomicInteger seals = new AtomicInteger();
    private final SecretSealer sealer;

    CountingSealer(MasterKeys keys) {
      this.sealer = AesGcmSealer.create(keys);
    }

    @Override
    public String seal(String connectionId, String setting, Secret secret) {
      seals.incrementAndGet();
      return sealer.seal(connectionId, setting, secret);
    }

    @Override
    public Secret unseal(String connectionId, String setting, String envelope) {
      return sealer.unseal(connectionId, setting, envelope);
    }

    @Override
    public boolean sealedWithOlderKey(String envelope) {
      return sealer.sealedWithOlderKey(envelope);
    }
  }
}
