package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endpoint policy at connection time: a host name is checked on the addresses it resolves to,
 * through a resolver this test controls (no name ever reaches a real DNS server), and a refused
 * address is dropped before any connection. The only server is WireMock on 127.0.0.1: when the
 * policy refuses loopback, it must see no request at all.
 */
class S3EndpointPolicyWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  /** What the fake DNS answers; anything else is an unknown host. */
  private final Map<String, List<String>> zone =
      Map.of(
          "metadata.test", List.of("169.254.169.254"),
          "lan.test", List.of("10.1.2.3"),
          "loopback.test", List.of("127.0.0.1"),
          "mixed.test", List.of("10.1.2.3", "169.254.169.254", "127.0.0.1"));

  private final List<String> looked = new CopyOnWriteArrayList<>();

  private final NameLookup fakeDns =
      host -> {
        looked.add(host);
        List<String> answer = zone.get(host);
        if (answer == null) {
          throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answer.size()];
        for (int i = 0; i < addresses.length; i++) {
          // Literal addresses: parsed, never looked up.
          addresses[i] = InetAddress.getByName(answer.get(i));
        }
        return addresses;
      };

  private Store open(String host, EndpointPolicy policy) {
    return Store.open(
        new S3DriverProvider(List.of(), fakeDns),
        DriverConfig.builder()
            .set(S3DriverProvider.BUCKET, WireS3.BUCKET)
            .set(S3DriverProvider.ENDPOINT, "http://" + host + ":" + WM.getPort())
            .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE")
            .secret(S3DriverProvider.SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .build(),
        DriverContext.builder().endpointPolicy(policy).build());
  }

  private static StorageException failure(Store store) {
    return catchThrowableOfType(StorageException.class, () -> store.stat("a.txt"));
  }

  @Test
  @DisplayName(
      "A name resolving to the metadata service is refused before connecting, never retried")
  void metadataName() {
    try (Store store = open("metadata.test", EndpointPolicy.allowLoopback().andPrivateNetworks())) {
      StorageException e = failure(store);
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("metadata.test", "169.254.169.254", "never allowed");
    }
    assertThat(looked).contains("metadata.test");
  }

  @Test
  @DisplayName(
      "A name resolving to loopback under the strict policy never reaches the server there")
  void loopbackNameStrict() {
    WM.stubFor(get(urlPathEqualTo("/" + WireS3.BUCKET + "/a.txt")).willReturn(WireS3.xml("")));
    try (Store store = open("loopback.test", EndpointPolicy.strict())) {
      StorageException e = failure(store);
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getMessage())
          .contains(
              "loopback.test",
              "127.0.0.1 is a loopback address",
              "DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback())");
    }
    WM.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName("A private address is refused unless allowed, naming the switch")
  void privateName() {
    try (Store store = open("lan.test", EndpointPolicy.allowLoopback())) {
      StorageException e = failure(store);
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getMessage()).contains("EndpointPolicy.allowPrivateNetworks()");
    }
  }

  @Test
  @DisplayName("Allowed, the same name connects; of several addresses only allowed ones are used")
  void allowedAddressesOnly() {
    for (String host : List.of("loopback.test", "mixed.test")) {
      WM.resetRequests();
      try (Store store = open(host, EndpointPolicy.allowLoopback())) {
        // WireMock has no stub: a 404 proves the request reached it, on 127.0.0.1, and only
        // there (10.1.2.3 is refused by this policy, 169.254.169.254 by every policy).
        StorageException e = failure(store);
        assertThat(e.code()).as(host).isEqualTo(Code.NOT_FOUND);
      }
      assertThat(WM.getAllServeEvents()).as(host).isNotEmpty();
    }
  }
}
