package dev.stowage.hub.dagger;

import dagger.Component;
import dev.stowage.hub.StorageHub;
import javax.inject.Singleton;

/** The README's example host component: every default of {@link StowageModule}. */
@Singleton
@Component(modules = StowageModule.class)
interface ShopStorage {
  StorageHub hub();
}
