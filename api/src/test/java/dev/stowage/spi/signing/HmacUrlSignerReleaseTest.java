package dev.stowage.spi.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.PresignRequest;
import dev.stowage.Secret;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A signer's key-derived state must die with it, even in pool threads that outlive the store: a
 * per-instance ThreadLocal kept one initialised MAC in every thread that ever signed.
 */
class HmacUrlSignerReleaseTest {

  /** Every MAC made while the tracking provider is installed, weakly. */
  static final List<WeakReference<TrackedHmac>> MADE = new CopyOnWriteArrayList<>();

  private static final String PROVIDER = "StowageTrackedHmac";

  private final ExecutorService longLivedPool = Executors.newFixedThreadPool(4);

  @BeforeEach
  void trackMacs() {
    MADE.clear();
    Security.insertProviderAt(new TrackingProvider(), 1);
  }

  @AfterEach
  void untrack() {
    Security.removeProvider(PROVIDER);
    longLivedPool.shutdownNow();
  }

  @Test
  @DisplayName(
      "After close, neither the signer nor any MAC it made stays reachable from the threads that signed")
  void closedSignerIsCollectable() throws Exception {
    List<WeakReference<?>> refs = new ArrayList<>(signFromPoolThenClose());
    refs.addAll(MADE);
    assertThat(MADE).as("MACs made by the tracking provider").isNotEmpty();
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          while (refs.stream().anyMatch(r -> r.get() != null)) {
            System.gc();
            Thread.sleep(20);
          }
        },
        "a MAC or the signer is still reachable after close (held by a pool thread?)");
  }

  /** Signs from every pool thread at once, closes, and lets go of the signer. */
  private List<WeakReference<?>> signFromPoolThenClose() throws Exception {
    HmacUrlSigner signer =
        new HmacUrlSigner(
            Secret.of("0123456789abcdef0123456789abcdef"),
            URI.create("http://127.0.0.1:1/files"),
            "memory:release-test",
            Clock.systemUTC());
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      done.add(
          longLivedPool.submit(() -> signer.sign(PresignRequest.get("k", Duration.ofMinutes(1)))));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    signer.close();
    return List.of(new WeakReference<>(signer));
  }

  /** A provider whose HmacSHA256 records each instance, delegating to the JDK's own. */
  static final class TrackingProvider extends Provider {
    TrackingProvider() {
      super(PROVIDER, "1", "HmacSHA256 that the test can watch being collected");
      putService(new Service(this, "Mac", "HmacSHA256", TrackedHmac.class.getName(), null, null));
    }
  }

  /** Public with a no-argument constructor: the JCA makes it by reflection. */
  public static final class TrackedHmac extends MacSpi {
    private final Mac delegate;

    public TrackedHmac() throws GeneralSecurityException {
      delegate = Mac.getInstance("HmacSHA256", "SunJCE");
      MADE.add(new WeakReference<>(this));
    }

    @Override
    protected int engineGetMacLength() {
      return delegate.getMacLength();
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params) throws InvalidKeyException {
      delegate.init(key);
    }

    @Override
    protected void engineUpdate(byte input) {
      delegate.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      delegate.update(input, offset, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
      delegate.update(input);
    }

    @Override
    protected byte[] engineDoFinal() {
      return delegate.doFinal();
    }

    @Override
    protected void engineReset() {
      delegate.reset();
    }
  }
}
