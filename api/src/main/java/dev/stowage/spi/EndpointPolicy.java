package dev.stowage.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which network addresses a driver may connect to, decided by the host (never by a driver's
 * settings, which whoever fills in a settings form controls). Cloud metadata services, link-local,
 * unspecified, multicast and reserved addresses are always refused; loopback and private networks
 * only when the host allows them. Public addresses are always allowed.
 *
 * <p>A driver checks an endpoint written as an address when it opens ({@link #refusal(String)}),
 * and every address a host name resolves to before it connects ({@link #refusal(InetAddress)}), so
 * a name that later resolves elsewhere is caught too. Immutable.
 */
public final class EndpointPolicy {

  private static final EndpointPolicy STRICT = new EndpointPolicy(false, false);

  private final boolean loopbackAllowed;
  private final boolean privateNetworksAllowed;

  private EndpointPolicy(boolean loopbackAllowed, boolean privateNetworksAllowed) {
    this.loopbackAllowed = loopbackAllowed;
    this.privateNetworksAllowed = privateNetworksAllowed;
  }

  /** Public addresses only: the default. */
  public static EndpointPolicy strict() {
    return STRICT;
  }

  /** Public addresses and this machine (127.0.0.0/8, ::1): a MinIO or test server on localhost. */
  public static EndpointPolicy allowLoopback() {
    return new EndpointPolicy(true, false);
  }

  /**
   * Public addresses and private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): an
   * object store inside the host's own network. Loopback stays refused; see {@link #andLoopback()}.
   */
  public static EndpointPolicy allowPrivateNetworks() {
    return new EndpointPolicy(false, true);
  }

  /** This policy, with loopback allowed too. */
  public EndpointPolicy andLoopback() {
    return new EndpointPolicy(true, privateNetworksAllowed);
  }

  /** This policy, with private networks allowed too. */
  public EndpointPolicy andPrivateNetworks() {
    return new EndpointPolicy(loopbackAllowed, true);
  }

  public boolean loopbackAllowed() {
    return loopbackAllowed;
  }

  public boolean privateNetworksAllowed() {
    return privateNetworksAllowed;
  }

  /**
   * Why a connection to {@code address} is refused, in a sentence that names the switch allowing it
   * where there is one; empty when it is allowed.
   */
  public Optional<String> refusal(InetAddress address) {
    AddressKind kind = AddressKind.of(address);
    String shown = address.getHostAddress();
    return switch (kind) {
      case PUBLIC -> Optional.empty();
      case LOOPBACK ->
          loopbackAllowed
              ? Optional.empty()
              : Optional.of(
                  shown
                      + " is a loopback address; allow it with"
                      + " DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback())");
      case PRIVATE ->
          privateNetworksAllowed
              ? Optional.empty()
              : Optional.of(
                  shown
                      + " is a private-network address; allow it with"
                      + " DriverContext.builder().endpointPolicy("
                      + "EndpointPolicy.allowPrivateNetworks())");
      case METADATA ->
          Optional.of(shown + " is a cloud metadata service address, never allowed as an endpoint");
      case LINK_LOCAL -> Optional.of(shown + " is a link-local address, never allowed");
      case UNSPECIFIED -> Optional.of(shown + " is the unspecified address, never allowed");
      case MULTICAST -> Optional.of(shown + " is a multicast address, never allowed");
      case RESERVED -> Optional.of(shown + " is a reserved address, never allowed");
    };
  }

  /**
   * Why an endpoint whose host is written as an address ({@code 127.0.0.1}, {@code [::1]}, and the
   * other spellings of IPv4 addresses: {@code 2852039166}, {@code 0xa9fea9fe}, {@code
   * 0251.0376.0251.0376}, {@code 169.254.43518}) is refused; empty when it is allowed or when
   * {@code host} is a name, which is checked when it resolves.
   */
  public Optional<String> refusal(String host) {
    return literalAddress(host).flatMap(this::refusal);
  }

  /**
   * The address {@code host} spells without a name lookup: an IPv6 literal (brackets optional) or
   * an IPv4 address in any form the C library's {@code inet_aton} accepts (one to four parts,
   * decimal, octal with a leading 0, or hexadecimal with 0x), as other clients of the same URL
   * would read it. Empty for a host name.
   */
  public static Optional<InetAddress> literalAddress(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      int zone = h.indexOf('%');
      String address = zone >= 0 ? h.substring(0, zone) : h;
      if (!address.matches("[0-9A-Fa-f:.]+")) {
        return Optional.empty();
      }
      try {
        // With a colon and only hex digits and dots, the JDK parses a literal and never looks up.
        return Optional.of(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return Ipv4Spelling.parse(h).map(EndpointPolicy::ipv4);
  }

  private static InetAddress ipv4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointPolicy p
        && p.loopbackAllowed == loopbackAllowed
        && p.privateNetworksAllowed == privateNetworksAllowed;
  }

  @Override
  public int hashCode() {
    return (loopbackAllowed ? 1 : 0) + (privateNetworksAllowed ? 2 : 0);
  }

  @Override
  public String toString() {
    return "EndpointPolicy[loopback="
        + loopbackAllowed
        + ", privateNetworks="
        + privateNetworksAllowed
        + "]";
  }
}
