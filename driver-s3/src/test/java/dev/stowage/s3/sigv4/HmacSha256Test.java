package dev.stowage.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  @DisplayName("RFC 4231 test cases 1, 2 and 6 (a key longer than a block)")
  void rfc4231() {
    assertThat(mac(HEX.parseHex("0b".repeat(20)), "Hi There"))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assertThat(mac("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(
            mac(
                HEX.parseHex("aa".repeat(131)),
                "Test Using Larger Than Block-Size Key - Hash Key First"))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  @DisplayName("with a prefix hashed ahead, equals javax.crypto.Mac over prefix + message")
  void prefixEqualsWholeMessage() throws Exception {
    Random random = new Random(4231);
    for (int i = 0; i < 2_000; i++) {
      byte[] key = bytes(random, random.nextInt(100));
      byte[] prefix = bytes(random, random.nextInt(200));
      byte[] message = bytes(random, random.nextInt(300));
      byte[] expected = jdkMac(key, concat(prefix, message));

      byte[] out = new byte[40];
      int at = random.nextInt(9);
      HmacSha256.forKey(key).withPrefix(prefix).mac(message, 0, message.length, out, at);
      byte[] actual = new byte[32];
      System.arraycopy(out, at, actual, 0, 32);
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static String mac(byte[] key, String message) {
    return HEX.formatHex(HmacSha256.forKey(key).mac(message.getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] jdkMac(byte[] key, byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    // javax.crypto refuses an empty key; HMAC defines it as zero bytes, which a 1-byte zero key
    // pads to identically.
    mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
    return mac.doFinal(message);
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
