package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a host lets drivers connect to: pure parsing, no name is ever looked up. */
class EndpointPolicyTest {

  private static final EndpointPolicy EVERYTHING_ALLOWED =
      EndpointPolicy.allowLoopback().andPrivateNetworks();

  @ParameterizedTest(name = "{0}")
  @DisplayName("The metadata service is refused in every spelling, whatever the host allows")
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.169.254.",
        "2852039166",
        "0xa9fea9fe",
        "0XA9FEA9FE",
        "0251.0376.0251.0376",
        "0251.254.169.0376",
        "169.254.43518",
        "169.16689662",
        "0xa9.0xfe.0xa9.0xfe",
        "[::ffff:169.254.169.254]",
        "::ffff:a9fe:a9fe",
        "[::169.254.169.254]",
        "[64:ff9b::a9fe:a9fe]",
        "[2002:a9fe:a9fe::1]",
        "[fd00:ec2::254]",
        "fd00:0ec2:0000:0000:0000:0000:0000:0254",
        "100.100.100.200"
      })
  void metadataInEverySpelling(String host) {
    assertThat(EVERYTHING_ALLOWED.refusal(host))
        .as(host)
        .hasValueSatisfying(r -> assertThat(r).contains("never allowed"));
    assertThat(EndpointPolicy.strict().refusal(host)).as(host).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Link-local, unspecified, multicast and reserved addresses are always refused")
  @ValueSource(
      strings = {
        "169.254.1.1",
        "[fe80::1]",
        "[fe80::1%25eth0]",
        "[febf::1]",
        "0.0.0.0",
        "0",
        "0.1.2.3",
        "[::]",
        "224.0.0.1",
        "239.255.255.250",
        "[ff02::1]",
        "255.255.255.255",
        "240.0.0.1"
      })
  void alwaysRefused(String host) {
    assertThat(EVERYTHING_ALLOWED.refusal(host))
        .as(host)
        .hasValueSatisfying(r -> assertThat(r).contains("never allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Loopback only when the host allows it, and the refusal names the switch")
  @ValueSource(strings = {"127.0.0.1", "127.1", "2130706433", "0x7f000001", "[::1]", "127.9.9.9"})
  void loopback(String host) {
    assertThat(EndpointPolicy.strict().refusal(host))
        .as(host)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("loopback")
                    .contains(
                        "DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback())"));
    assertThat(EndpointPolicy.allowPrivateNetworks().refusal(host)).as(host).isPresent();
    assertThat(EndpointPolicy.allowLoopback().refusal(host)).as(host).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Private networks (RFC 1918, CGNAT, unique local) only when the host allows them")
  @ValueSource(
      strings = {
        "10.0.0.5",
        "012.0.0.5",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.10",
        "100.64.0.1",
        "100.127.255.254",
        "[fd12:3456::1]",
        "[fc00::1]",
        "[::ffff:10.1.2.3]"
      })
  void privateNetworks(String host) {
    assertThat(EndpointPolicy.strict().refusal(host))
        .as(host)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("private")
                    .contains("EndpointPolicy.allowPrivateNetworks()"));
    assertThat(EndpointPolicy.allowLoopback().refusal(host)).as(host).isPresent();
    assertThat(EndpointPolicy.allowPrivateNetworks().refusal(host)).as(host).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("Public addresses are allowed; host names are left to the check at resolution")
  @ValueSource(
      strings = {
        "52.216.8.1",
        "172.32.0.1",
        "100.128.0.1",
        "[2600:1f18::1]",
        "s3.amazonaws.com",
        "minio.internal",
        "localhost",
        "1.2.3.4.5",
        "256.1.1.1",
        "0x",
        "08.1.1.1"
      })
  void allowedOrNames(String host) {
    assertThat(EndpointPolicy.strict().refusal(host)).as(host).isEmpty();
  }

  @Test
  @DisplayName("Spellings read as the C library reads them")
  void spellings() throws Exception {
    InetAddress metadata = InetAddress.getByName("169.254.169.254");
    assertThat(EndpointPolicy.literalAddress("0251.0376.0251.0376")).contains(metadata);
    assertThat(EndpointPolicy.literalAddress("2852039166")).contains(metadata);
    assertThat(EndpointPolicy.literalAddress("169.254.0xa9fe")).contains(metadata);
    assertThat(EndpointPolicy.literalAddress("s3.amazonaws.com")).isEmpty();
    assertThat(EndpointPolicy.literalAddress("4294967296")).isEmpty();
  }

  @Test
  @DisplayName("A context is strict unless the host says otherwise")
  void contextDefault() {
    assertThat(DriverContext.create().endpointPolicy()).isEqualTo(EndpointPolicy.strict());
    assertThat(new DriverContext(Clock.systemUTC()).endpointPolicy())
        .isEqualTo(EndpointPolicy.strict());
    DriverContext loopback =
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
    assertThat(loopback.endpointPolicy().loopbackAllowed()).isTrue();
    assertThat(loopback.endpointPolicy().privateNetworksAllowed()).isFalse();
    assertThat(loopback.toBuilder().build()).isEqualTo(loopback);
  }
}
