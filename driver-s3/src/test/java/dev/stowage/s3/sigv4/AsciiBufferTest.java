package dev.stowage.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

class AsciiBufferTest {

  @Test
  @DisplayName("percent-encodes like the AWS SDK, with and without '/' kept, as the buffer grows")
  void encodesLikeTheSdk() {
    Random random = new Random(3986);
    String alphabet = "aZ09-._~/ +%?#&=*'()!;:@,$[]\"<>\\^`{|}\u007f\u0000éß€日😀";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(i % 100 == 0 ? 3_000 : 60);
      for (int j = 0; j < n; j++) {
        s.appendCodePoint(
            alphabet.codePointAt(
                alphabet.offsetByCodePoints(
                    0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      if (random.nextInt(20) == 0) {
        s.append(random.nextBoolean() ? '\uD83D' : '\uDE00'); // a lone surrogate
      }
      String text = s.toString();
      // A small buffer, so that growing happens in the middle of multi-byte characters too.
      AsciiBuffer buffer = new AsciiBuffer(1).put("x=");
      assertThat(buffer.putEncoded(text, false).toString())
          .isEqualTo("x=" + SdkHttpUtils.urlEncode(text));
      assertThat(new AsciiBuffer(4).putEncoded(text, true).toString())
          .isEqualTo(SdkHttpUtils.urlEncodeIgnoreSlashes(text));
    }
  }

  @Test
  @DisplayName("writes lower-case hex for every byte value")
  void hex() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    assertThat(new AsciiBuffer(2).put('>').putHex(all).toString())
        .isEqualTo(">" + HexFormat.of().formatHex(all));
  }
}
