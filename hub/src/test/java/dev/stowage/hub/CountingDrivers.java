package dev.stowage.hub;

import dev.stowage.DriverRegistry;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.StorageDriverProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The class path's drivers, counting how many drivers the hub opens and closes, so a test can show
 * no store leaks.
 */
final class CountingDrivers {

  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final DriverRegistry registry;

  CountingDrivers() {
    DriverRegistry real = DriverRegistry.load();
    this.registry =
        DriverRegistry.of(real.ids().stream().map(id -> counting(real.provider(id))).toList());
  }

  int stillOpen() {
    return opened.get() - closed.get();
  }

  private StorageDriverProvider counting(StorageDriverProvider real) {
    return new WrappedProvider(
        real,
        driver -> {
          opened.incrementAndGet();
          return counted(driver);
        });
  }

  private StorageDriver counted(StorageDriver driver) {
    AtomicInteger closes = new AtomicInteger();
    return (StorageDriver)
        Proxy.newProxyInstance(
            StorageDriver.class.getClassLoader(),
            new Class<?>[] {StorageDriver.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (closes.incrementAndGet() > 1) {
                  throw new AssertionError("a driver was closed twice");
                }
                closed.incrementAndGet();
              }
              try {
                return method.invoke(driver, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static List<String> ids(DriverRegistry registry) {
    return List.copyOf(registry.ids());
  }
}
