package dev.stowage.hub.dagger;

import dagger.Component;
import dev.stowage.hub.StorageHub;

/**
 * A host whose components are scoped with {@code jakarta.inject.Singleton}: Dagger treats it as a
 * scope other than {@code javax.inject.Singleton}, the one {@link StowageModule} uses, and lets a
 * component carry both.
 */
@jakarta.inject.Singleton
@javax.inject.Singleton
@Component(modules = StowageModule.class)
interface JakartaScopedStorage {
  StorageHub hub();
}
