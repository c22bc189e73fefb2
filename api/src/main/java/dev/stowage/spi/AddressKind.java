package dev.stowage.spi;

import java.net.InetAddress;
import java.util.Arrays;

/** What kind of network an address belongs to, for {@link EndpointPolicy}. */
enum AddressKind {
  PUBLIC,
  LOOPBACK,
  PRIVATE,
  METADATA,
  LINK_LOCAL,
  UNSPECIFIED,
  MULTICAST,
  RESERVED;

  /** AWS's instance metadata service over IPv6 (inside fc00::/7, so listed on its own). */
  private static final byte[] AWS_METADATA_V6 = {
    (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
  };

  static AddressKind of(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 ? ofIpv4(b) : ofIpv6(b);
  }

  private static AddressKind ofIpv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254)
        // Alibaba Cloud's metadata service, inside the CGNAT range a host may allow.
        || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) {
      return METADATA;
    }
    if (a0 == 0) {
      return UNSPECIFIED; // 0.0.0.0/8: "this host" to most stacks
    }
    if (a0 == 127) {
      return LOOPBACK;
    }
    if (a0 == 169 && a1 == 254) {
      return LINK_LOCAL;
    }
    if (a0 == 10
        || (a0 == 172 && (a1 & 0xf0) == 16)
        || (a0 == 192 && a1 == 168)
        || (a0 == 100 && (a1 & 0xc0) == 64)) {
      return PRIVATE;
    }
    if (a0 >= 224 && a0 <= 239) {
      return MULTICAST;
    }
    if (a0 >= 240) {
      return RESERVED; // 240/4 and the broadcast address
    }
    return PUBLIC;
  }

  private static AddressKind ofIpv6(byte[] b) {
    if (Arrays.equals(b, AWS_METADATA_V6)) {
      return METADATA;
    }
    // IPv4 addresses carried in IPv6 ones reach the IPv4 address: judge that one. (The JDK turns
    // ::ffff:a.b.c.d into an Inet4Address already; these are the forms it keeps as IPv6.)
    if (zeros(b, 0, 12) && !zeros(b, 12, 15)) {
      return ofIpv4(Arrays.copyOfRange(b, 12, 16)); // ::a.b.c.d (IPv4-compatible), not :: or ::1
    }
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return ofIpv4(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d (IPv4-mapped)
    }
    if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zeros(b, 4, 12)) {
      return ofIpv4(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::/96 (NAT64)
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return ofIpv4(Arrays.copyOfRange(b, 2, 6)); // 2002::/16 (6to4)
    }
    if (zeros(b, 0, 16)) {
      return UNSPECIFIED;
    }
    if (zeros(b, 0, 15) && b[15] == 1) {
      return LOOPBACK;
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xff) {
      return MULTICAST;
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return LINK_LOCAL; // fe80::/10
    }
    if ((b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0xc0)) {
      return PRIVATE; // fc00::/7 unique local, fec0::/10 deprecated site-local
    }
    return PUBLIC;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
