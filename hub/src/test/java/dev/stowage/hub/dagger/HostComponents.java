package dev.stowage.hub.dagger;

import dagger.BindsInstance;
import dagger.Component;
import dev.stowage.DriverRegistry;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.config.SettingSources;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.SecretSealer;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.spi.DriverContext;
import java.nio.file.Path;
import java.time.Clock;
import javax.inject.Singleton;

/** Host components that bind some of what {@link StowageModule} reads, compiled by Dagger. */
final class HostComponents {

  private HostComponents() {}

  /** The host's connection store and master keys (as a JDBC store and a key file would be). */
  @Singleton
  @Component(modules = StowageModule.class)
  interface StoreAndKeys {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      StoreAndKeys create(@BindsInstance ConnectionStore store, @BindsInstance MasterKeys keys);
    }
  }

  /** The host's own sealer and setting sources. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface SealerAndSources {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      SealerAndSources create(
          @BindsInstance SecretSealer sealer, @BindsInstance SettingSources sources);
    }
  }

  /** A configuration file for the default sources, and the host's driver registry. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface ConfigFileAndRegistry {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      ConfigFileAndRegistry create(
          @BindsInstance @ForStowage Path configFile, @BindsInstance DriverRegistry registry);
    }
  }

  /** A driver context, and a plain {@code Clock} of the host's that is not meant for the hub. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface ContextAndHostClock {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      ContextAndHostClock create(
          @BindsInstance DriverContext context, @BindsInstance Clock hostClock);
    }
  }

  /** A driver context and a clock meant for the hub. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface ContextAndStowageClock {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      ContextAndStowageClock create(
          @BindsInstance DriverContext context, @BindsInstance @ForStowage Clock clock);
    }
  }

  /** Both a sealer and master keys: which one was meant is unclear. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface SealerAndKeys {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      SealerAndKeys create(@BindsInstance SecretSealer sealer, @BindsInstance MasterKeys keys);
    }
  }

  /** Both setting sources and a configuration file: the file would be silently ignored. */
  @Singleton
  @Component(modules = StowageModule.class)
  interface SourcesAndConfigFile {
    StorageHub hub();

    @Component.Factory
    interface Factory {
      SourcesAndConfigFile create(
          @BindsInstance SettingSources sources, @BindsInstance @ForStowage Path configFile);
    }
  }
}
