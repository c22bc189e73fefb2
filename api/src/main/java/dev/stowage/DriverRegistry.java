package dev.stowage;

import dev.stowage.spi.DriverContext;
import dev.stowage.spi.StorageDriverProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drivers found on the class path through {@link ServiceLoader}. A provider that fails to load
 * (missing class, throwing constructor, duplicate id) is reported in {@link #problems()} and
 * skipped; it never hides the others. Selecting an unknown id fails with the ids available.
 */
public final class DriverRegistry {

  /** A provider that could not be loaded, and why. */
  public record LoadProblem(String description, Throwable cause) {}

  private static final Logger log = LoggerFactory.getLogger(DriverRegistry.class);
  private static final int MAX_LOAD_ERRORS = 100;
  private static volatile DriverRegistry shared;

  private final Map<String, StorageDriverProvider> providers;
  private final List<LoadProblem> problems;

  private DriverRegistry(Map<String, StorageDriverProvider> providers, List<LoadProblem> problems) {
    this.providers = Collections.unmodifiableMap(providers);
    this.problems = List.copyOf(problems);
  }

  /** Discovers providers with the context class loader (or this class's, if none). */
  public static DriverRegistry load() {
    return load(contextClassLoader());
  }

  /**
   * The registry {@link Store#open(String, DriverConfig)} uses: discovered once for this class's
   * own class loader and kept, and discovered afresh for any other context class loader (holding
   * one for a web application's loader from here could keep that application in memory after it is
   * undeployed). A {@code StorageHub} takes it unless given another.
   */
  public static DriverRegistry shared() {
    ClassLoader cl = contextClassLoader();
    if (cl != DriverRegistry.class.getClassLoader()) {
      return load(cl);
    }
    DriverRegistry registry = shared;
    if (registry == null) {
      synchronized (DriverRegistry.class) {
        registry = shared;
        if (registry == null) {
          registry = shared = load(cl);
        }
      }
    }
    return registry;
  }

  private static ClassLoader contextClassLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : DriverRegistry.class.getClassLoader();
  }

  public static DriverRegistry load(ClassLoader classLoader) {
    Map<String, StorageDriverProvider> found = new LinkedHashMap<>();
    List<LoadProblem> problems = new ArrayList<>();
    Iterator<StorageDriverProvider> it =
        ServiceLoader.load(StorageDriverProvider.class, classLoader).iterator();
    while (problems.size() < MAX_LOAD_ERRORS) {
      StorageDriverProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        // The JDK's lazy iterator has moved past the broken entry; carry on with the rest.
        problems.add(new LoadProblem("A storage driver failed to load: " + e.getMessage(), e));
        log.warn("A storage driver failed to load and was skipped: {}", e.toString());
        continue;
      }
      register(provider, found, problems);
    }
    return new DriverRegistry(found, problems);
  }

  /** A registry of exactly these providers, for tests and hosts that wire drivers by hand. */
  public static DriverRegistry of(List<? extends StorageDriverProvider> providers) {
    Map<String, StorageDriverProvider> found = new LinkedHashMap<>();
    List<LoadProblem> problems = new ArrayList<>();
    providers.forEach(p -> register(p, found, problems));
    return new DriverRegistry(found, problems);
  }

  private static void register(
      StorageDriverProvider provider,
      Map<String, StorageDriverProvider> found,
      List<LoadProblem> problems) {
    String id;
    try {
      id = Objects.requireNonNull(provider.id(), "id");
    } catch (RuntimeException | LinkageError e) {
      problems.add(
          new LoadProblem(provider.getClass().getName() + " failed to report its id: " + e, e));
      return;
    }
    StorageDriverProvider existing = found.putIfAbsent(id, provider);
    if (existing != null && existing.getClass() != provider.getClass()) {
      problems.add(
          new LoadProblem(
              "Driver id '"
                  + id
                  + "' is claimed by both "
                  + existing.getClass().getName()
                  + " and "
                  + provider.getClass().getName()
                  + "; the first one is used",
              null));
    }
  }

  /** The ids of every driver found, in discovery order. */
  public Set<String> ids() {
    return providers.keySet();
  }

  public List<DriverDescriptor> descriptors() {
    return providers.values().stream().map(StorageDriverProvider::descriptor).toList();
  }

  /** Providers that failed to load. */
  public List<LoadProblem> problems() {
    return problems;
  }

  /** The provider with this id, or {@code CONFIG_INVALID} listing the ids that exist. */
  public StorageDriverProvider provider(String id) {
    StorageDriverProvider p = providers.get(id);
    if (p == null) {
      String available = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
      throw StorageException.of(
          StorageException.Code.CONFIG_INVALID,
          "No storage driver with id '"
              + id
              + "'; available: "
              + available
              + (problems.isEmpty() ? "" : " (" + problems.size() + " failed to load)"));
    }
    return p;
  }

  public Store open(String id, DriverConfig config) {
    return open(id, config, DriverContext.create());
  }

  public Store open(String id, DriverConfig config, DriverContext context) {
    return Store.open(provider(id), config, context);
  }
}
