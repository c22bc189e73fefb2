package dev.stowage.hub.dagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.hub.StorageHub;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dagger is an optional dependency of the hub: a host that does not use it must be able to run the
 * hub without Dagger, javax.inject or jakarta.inject on its class path.
 */
class DaggerFreeRuntimeTest {

  /** What a class referring to Dagger or an injection API carries in its constant pool. */
  private static final List<String> INJECTION_NAMES =
      List.of("dagger/", "javax/inject/", "jakarta/inject/");

  /** The jars Dagger brings (itself, both injection APIs, its nullness annotations). */
  private static final List<String> DAGGER_JARS =
      List.of("/com/google/dagger/", "/javax/inject/", "/jakarta/inject/", "/org/jspecify/");

  @TempDir Path dir;

  @Test
  @DisplayName("no hub class outside dev.stowage.hub.dagger names a Dagger or injection type")
  void onlyTheDaggerPackageRefersToDagger() throws IOException {
    Path classes = hubClasses();
    Path daggerPackage = classes.resolve("dev/stowage/hub/dagger");
    Map<String, List<String>> offenders = new TreeMap<>();
    List<String> daggerPackageClasses = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        List<String> names = injectionNamesIn(file);
        if (file.startsWith(daggerPackage)) {
          daggerPackageClasses.add(file.getFileName().toString());
        } else if (!names.isEmpty()) {
          offenders.put(classes.relativize(file).toString(), names);
        }
      }
    }

    assertThat(offenders).isEmpty();
    // The scan sees what it looks for: the module and its generated factory do name Dagger.
    assertThat(daggerPackageClasses)
        .contains("StowageModule.class", "StowageModule_StorageHubFactory.class");
    assertThat(injectionNamesIn(daggerPackage.resolve("StowageModule_StorageHubFactory.class")))
        .contains("dagger/");
  }

  @Test
  @DisplayName("a host without Dagger on its class path adds a connection, uploads, stats, lists")
  void hubRunsWithoutDagger() throws Exception {
    List<URL> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      if (!entry.isEmpty() && DAGGER_JARS.stream().noneMatch(path::contains)) {
        classPath.add(Path.of(entry).toUri().toURL());
      }
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader host =
        new URLClassLoader(
            "dagger-free-host",
            classPath.toArray(URL[]::new),
            ClassLoader.getPlatformClassLoader())) {
      for (String absent :
          List.of("dagger.Component", "javax.inject.Singleton", "jakarta.inject.Singleton")) {
        assertThatThrownBy(() -> host.loadClass(absent)).isInstanceOf(ClassNotFoundException.class);
      }
      assertThat(host.loadClass(StorageHub.class.getName()).getClassLoader()).isSameAs(host);

      Thread.currentThread().setContextClassLoader(host); // drivers are found through it
      Object seen =
          host.loadClass(DaggerFreeHost.class.getName())
              .getMethod("run", String.class)
              .invoke(null, dir.toString());

      assertThat(seen).isEqualTo("stowage://disk/products/app-1.0.zip size=3 listed=1");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static Path hubClasses() {
    try {
      return Path.of(StorageHub.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The injection names in a class file. Class, field and method types, annotations and generic
   * signatures are UTF-8 entries of the constant pool, in internal form ({@code dagger/Module}), so
   * a byte search finds every reference.
   */
  private static List<String> injectionNamesIn(Path classFile) throws IOException {
    String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    return INJECTION_NAMES.stream().filter(bytes::contains).toList();
  }
}
