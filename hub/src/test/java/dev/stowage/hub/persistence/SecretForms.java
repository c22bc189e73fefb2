package dev.stowage.hub.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The spellings a secret could take in stored bytes: UTF-8, UTF-16 (both byte orders), hex (both
 * cases), and base64 (standard and URL-safe) at each of the three byte alignments it could have
 * inside a longer encoded run — so a secret base64-encoded together with other bytes is found too.
 */
final class SecretForms {

  private SecretForms() {}

  /** Every spelling of {@code secret}, as bytes to look for. */
  static List<byte[]> of(String secret) {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>();
    texts.add(secret);
    texts.add(HexFormat.of().formatHex(utf8));
    texts.add(HexFormat.of().withUpperCase().formatHex(utf8));
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + utf8.length];
      System.arraycopy(utf8, 0, shifted, shift, utf8.length);
      for (Base64.Encoder encoder :
          List.of(Base64.getEncoder().withoutPadding(), Base64.getUrlEncoder().withoutPadding())) {
        String encoded = encoder.encodeToString(shifted);
        // The characters that also depend on neighbouring bytes are left out.
        int from = shift == 0 ? 0 : shift == 1 ? 2 : 3;
        int to = encoded.length() - 2;
        texts.add(encoded.substring(from, to));
      }
    }
    List<byte[]> forms = new ArrayList<>();
    for (String t : texts) {
      forms.add(t.getBytes(StandardCharsets.UTF_8));
      forms.add(t.getBytes(StandardCharsets.UTF_16LE));
      forms.add(t.getBytes(StandardCharsets.UTF_16BE));
    }
    return forms;
  }

  /** Fails naming the place and the form's kind (never the secret) if {@code bytes} holds one. */
  static void assertNoneIn(String where, byte[] bytes, Set<String> secrets) {
    int n = 0;
    for (String secret : secrets) {
      n++;
      List<byte[]> forms = of(secret);
      for (int f = 0; f < forms.size(); f++) {
        assertThat(indexOf(bytes, forms.get(f)))
            .as("%s holds secret #%d in spelling #%d", where, n, f)
            .isEqualTo(-1);
      }
    }
  }

  static void assertNoneIn(String where, String text, Set<String> secrets) {
    assertNoneIn(where, text.getBytes(StandardCharsets.UTF_8), secrets);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
