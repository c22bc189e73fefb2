package dev.stowage.hub.dagger;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.stowage.DriverRegistry;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.config.SettingSources;
import dev.stowage.hub.seal.AesGcmSealer;
import dev.stowage.hub.seal.MasterKeys;
import dev.stowage.hub.seal.NoMasterKeySealer;
import dev.stowage.hub.seal.SecretSealer;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.spi.DriverContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import javax.inject.Singleton;

/**
 * Gives a host's Dagger component a singleton {@link StorageHub}:
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = StowageModule.class)
 * interface ShopStorage {
 *   StorageHub hub();
 * }
 * }</pre>
 *
 * <p>Everything has a default; the host binds (with {@code @Provides}, {@code @Binds} or
 * {@code @BindsInstance}) only what it wants to choose:
 *
 * <table>
 *   <caption>Bindings the module reads</caption>
 *   <tr><th>bind</th><th>default when unbound</th></tr>
 *   <tr><td>{@link ConnectionStore}</td><td>in memory, the hub's own (lost on restart)</td></tr>
 *   <tr><td>{@link MasterKeys} <i>or</i> {@link SecretSealer} (not both)</td>
 *       <td>{@link AesGcmSealer} over {@link MasterKeys#load} of the environment when {@value
 *       MasterKeys#ENV_KEYS} or {@value MasterKeys#ENV_KEY_FILE} is set, else {@link
 *       NoMasterKeySealer} (secrets from configuration only)</td></tr>
 *   <tr><td>{@link SettingSources} <i>or</i> {@code @ForStowage Path} (not both)</td>
 *       <td>{@link LayeredSettingSources}: environment variables and system properties, plus the
 *       configuration file at the bound path (which must exist) if one is bound</td></tr>
 *   <tr><td>{@link DriverRegistry}</td><td>{@link DriverRegistry#shared()}</td></tr>
 *   <tr><td>{@link DriverContext}</td><td>{@link DriverContext#create()}</td></tr>
 *   <tr><td>{@code @ForStowage} {@link Clock}</td><td>the driver context's clock</td></tr>
 * </table>
 *
 * <p>The hub is scoped {@code javax.inject.Singleton}, so the component is too. Dagger counts
 * {@code jakarta.inject.Singleton} as another scope: a component scoped with it carries both
 * annotations.
 *
 * <p>Binding both members of an "or" pair fails {@code CONFIG_INVALID} when the hub is first asked
 * for, rather than silently ignoring one. Master keys that are set but unusable (bad text, a key
 * file others can read) fail {@code CONFIG_INVALID} too; they never fall back to no keys.
 *
 * <p>Dagger has no lifecycle: <b>the host closes the hub</b> ({@code component.hub().close()}) when
 * it shuts down, and closes its own connection store after it; the hub closes only a store it made.
 *
 * <p>Dagger is an optional dependency of the hub: nothing outside this package refers to it, so a
 * host that does not use Dagger builds the hub with {@link StorageHub#builder()} and needs neither
 * Dagger nor {@code javax}/{@code jakarta.inject} on its class path.
 */
@Module
public abstract class StowageModule {

  private StowageModule() {}

  @BindsOptionalOf
  abstract ConnectionStore connectionStore();

  @BindsOptionalOf
  abstract MasterKeys masterKeys();

  @BindsOptionalOf
  abstract SecretSealer secretSealer();

  @BindsOptionalOf
  abstract SettingSources settingSources();

  @BindsOptionalOf
  @ForStowage
  abstract Path configFile();

  @BindsOptionalOf
  abstract DriverRegistry driverRegistry();

  @BindsOptionalOf
  abstract DriverContext driverContext();

  @BindsOptionalOf
  @ForStowage
  abstract Clock clock();

  /** The hub, built once per component from the host's bindings and the defaults. */
  @Provides
  @Singleton
  static StorageHub storageHub(
      Optional<ConnectionStore> connectionStore,
      Optional<MasterKeys> masterKeys,
      Optional<SecretSealer> secretSealer,
      Optional<SettingSources> settingSources,
      @ForStowage Optional<Path> configFile,
      Optional<DriverRegistry> driverRegistry,
      Optional<DriverContext> driverContext,
      @ForStowage Optional<Clock> clock) {
    StorageHub.Builder hub =
        StorageHub.builder()
            .sealer(sealer(secretSealer, masterKeys, System::getenv))
            .settingSources(settingSources(settingSources, configFile));
    // Unbound: left to the builder, so an in-memory store is the hub's own and closed with it.
    connectionStore.ifPresent(hub::connectionStore);
    driverRegistry.ifPresent(hub::driverRegistry);
    driverContext.ifPresent(hub::driverContext);
    clock.ifPresent(hub::clock);
    return hub.build();
  }

  /** The host's sealer, a sealer over the host's keys, or the default from {@code environment}. */
  static SecretSealer sealer(
      Optional<SecretSealer> sealer,
      Optional<MasterKeys> keys,
      Function<String, String> environment) {
    if (sealer.isPresent() && keys.isPresent()) {
      throw bothBound("SecretSealer", "MasterKeys");
    }
    if (sealer.isPresent()) {
      return sealer.get();
    }
    if (keys.isPresent()) {
      return AesGcmSealer.create(keys.get());
    }
    // As MasterKeys.load reads them: a blank key-file variable counts as unset.
    String keyFile = environment.apply(MasterKeys.ENV_KEY_FILE);
    boolean keysConfigured =
        environment.apply(MasterKeys.ENV_KEYS) != null || (keyFile != null && !keyFile.isBlank());
    return keysConfigured
        ? AesGcmSealer.create(MasterKeys.load(environment))
        : NoMasterKeySealer.INSTANCE;
  }

  /** The host's sources, or the environment and system properties (and the file, if bound). */
  static SettingSources settingSources(
      Optional<SettingSources> sources, Optional<Path> configFile) {
    if (sources.isPresent() && configFile.isPresent()) {
      throw bothBound("SettingSources", "@ForStowage Path");
    }
    if (sources.isPresent()) {
      return sources.get();
    }
    LayeredSettingSources.Builder layered = LayeredSettingSources.builder();
    configFile.ifPresent(layered::configFile);
    return layered.build();
  }

  private static StorageException bothBound(String one, String other) {
    return StorageException.of(
        Code.CONFIG_INVALID,
        "The Dagger component binds both "
            + one
            + " and "
            + other
            + " for StowageModule; bind one of them");
  }
}
