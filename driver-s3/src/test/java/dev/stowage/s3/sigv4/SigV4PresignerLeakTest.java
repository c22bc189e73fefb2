package dev.stowage.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A presigner used from a long-lived pool thread (a servlet container's, say) must leave nothing in
 * that thread once it is dropped: no key-derived state, and no object whose class would pin a web
 * app's class loader after the app is undeployed.
 */
class SigV4PresignerLeakTest {

  private static final String PACKAGE = "dev.stowage.s3.sigv4.";

  @Test
  @DisplayName("a presigner dropped after signing on a pool thread lets its class loader go")
  void droppedPresignerLeavesNothingInPoolThreads() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WeakReference<ClassLoader> loader = signOnPoolThread(pool);
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < 100 && loader.get() != null; i++) {
              System.gc();
              Thread.sleep(20);
            }
          });
      assertThat(loader.get())
          .as("the web app's class loader, while its pool thread lives on")
          .isNull();
      // The pool thread is still alive and working.
      assertThat(pool.submit(() -> "alive").get()).isEqualTo("alive");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Loads the presigner in a class loader of its own and signs on {@code pool}'s thread. */
  private static WeakReference<ClassLoader> signOnPoolThread(ExecutorService pool)
      throws Exception {
    ClassLoader webApp = new ChildFirst(SigV4PresignerLeakTest.class.getClassLoader());
    Class<?> endpointType = Class.forName(PACKAGE + "S3Endpoint", true, webApp);
    Class<?> presignerType = Class.forName(PACKAGE + "SigV4Presigner", true, webApp);
    assertThat(presignerType.getClassLoader()).isSameAs(webApp);
    Object endpoint =
        endpointType
            .getMethod("of", URI.class, boolean.class)
            .invoke(null, URI.create("https://s3.eu-west-1.amazonaws.com"), false);
    Object presigner =
        presignerType
            .getConstructor(
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                endpointType,
                Clock.class)
            .newInstance(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                null,
                "eu-west-1",
                "s3",
                endpoint,
                Clock.systemUTC());
    Method presign =
        presignerType.getMethod(
            "presign",
            String.class,
            String.class,
            String.class,
            long.class,
            String.class,
            String.class,
            String.class);
    String url =
        pool.submit(
                () ->
                    (String)
                        presign.invoke(presigner, "GET", "shop", "a.zip", 900L, null, null, null))
            .get();
    assertThat(url).contains("X-Amz-Signature=");
    return new WeakReference<>(webApp);
  }

  /** Defines the sigv4 package's classes itself, as a web app's loader does its own classes. */
  private static final class ChildFirst extends ClassLoader {
    ChildFirst(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
