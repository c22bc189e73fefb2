package dev.stowage.spi;

import java.util.Optional;

/**
 * Reads an IPv4 address the way the C library's {@code inet_aton} does, so an endpoint cannot hide
 * an address from the policy behind a spelling other clients still understand: one to four parts,
 * each decimal, octal (leading 0) or hexadecimal (0x); the last part fills the remaining bytes
 * ({@code 2852039166}, {@code 169.254.43518} and {@code 0251.0376.0251.0376} are all
 * 169.254.169.254).
 */
final class Ipv4Spelling {

  private Ipv4Spelling() {}

  /** The four bytes, or empty when {@code host} is not an IPv4 address in any spelling. */
  static Optional<byte[]> parse(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      long v = number(parts[i]);
      if (v < 0) {
        return Optional.empty();
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      address |= values[i] << (8 * (3 - i));
    }
    long last = values[parts.length - 1];
    int lastBytes = 5 - parts.length;
    if (last >= 1L << (8 * lastBytes)) {
      return Optional.empty();
    }
    address |= last;
    return Optional.of(
        new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        });
  }

  /** The part's value, or -1 when it is not a number in one of the three bases (or too long). */
  private static long number(String part) {
    if (part.isEmpty() || part.length() > 12) {
      return -1;
    }
    int radix = 10;
    String digits = part;
    if (part.length() > 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      // ASCII only: Character.digit would also read other scripts' digits.
      int d = c < 128 ? Character.digit(c, radix) : -1;
      if (d < 0) {
        return -1;
      }
      value = value * radix + d;
    }
    return value;
  }
}
