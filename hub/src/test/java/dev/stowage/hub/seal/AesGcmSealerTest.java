package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AesGcmSealerTest {

  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final byte[] K1 = bytes(1);
  static final byte[] K2 = bytes(2);

  final AesGcmSealer sealer = AesGcmSealer.create(MasterKeys.of(MasterKey.of("k1", K1)));

  static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i * 7);
    }
    return b;
  }

  @Test
  @DisplayName("a sealed secret unseals to the same value for the same connection and setting")
  void roundTrip() {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    assertThat(sealer.unseal("s3-main", "secretAccessKey", envelope).reveal()).isEqualTo(SECRET);
    assertThat(envelope).matches("stowage:v1:k1:[A-Za-z0-9_-]+").doesNotContain(SECRET);
  }

  @Test
  @DisplayName("non-ASCII and empty secrets round-trip")
  void unusualSecrets() {
    for (String s : List.of("", "ключ-🔑-κλειδί", "a")) {
      String envelope = sealer.seal("c", "s", Secret.of(s));
      assertThat(sealer.unseal("c", "s", envelope).reveal()).isEqualTo(s);
    }
  }

  @Test
  @DisplayName("every seal takes a fresh nonce: sealing one secret twice gives two envelopes")
  void freshNoncePerSeal() {
    Set<String> nonces = new HashSet<>();
    Set<String> envelopes = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String envelope = sealer.seal("c", "s", Secret.of(SECRET));
      envelopes.add(envelope);
      nonces.add(Base64.getEncoder().encodeToString(Envelope.parse(envelope).nonce()));
    }
    assertThat(envelopes).hasSize(2000);
    assertThat(nonces).hasSize(2000);
  }

  @Test
  @DisplayName("flipping any single bit of the decoded envelope (nonce, ciphertext or tag) fails")
  void everyBitFlipFails() {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    String head = envelope.substring(0, envelope.lastIndexOf(':') + 1);
    byte[] payload = Base64.getUrlDecoder().decode(envelope.substring(head.length()));
    assertThat(payload).hasSize(12 + SECRET.length() + 16);
    for (int bit = 0; bit < payload.length * 8; bit++) {
      byte[] flipped = payload.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String tampered = head + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
      assertRefused(() -> sealer.unseal("s3-main", "secretAccessKey", tampered))
          .hasMessageContaining("altered");
    }
  }

  @Test
  @DisplayName("changing any single character of the envelope text fails, unused base64 bits too")
  void everyCharacterChangeFails() {
    String envelope = sealer.seal("c", "s", Secret.of(SECRET));
    for (int i = 0; i < envelope.length(); i++) {
      // every base64url character (so also the spellings that differ only in unused bits)
      for (char c :
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:=+/ ".toCharArray()) {
        if (envelope.charAt(i) == c) {
          continue;
        }
        String changed = envelope.substring(0, i) + c + envelope.substring(i + 1);
        assertRefused(() -> sealer.unseal("c", "s", changed));
      }
    }
  }

  @Test
  @DisplayName("the key id is authenticated: renaming it to another id of the same key fails")
  void keyIdSwapFails() {
    // The same key bytes under two ids: only the associated data can tell the ids apart.
    AesGcmSealer twoIds =
        AesGcmSealer.create(MasterKeys.of(MasterKey.of("a", K1), MasterKey.of("b", K1)));
    String envelope = twoIds.seal("c", "s", Secret.of(SECRET));
    assertThat(envelope).startsWith("stowage:v1:a:");
    String swapped = "stowage:v1:b:" + envelope.substring("stowage:v1:a:".length());
    assertRefused(() -> twoIds.unseal("c", "s", swapped)).hasMessageContaining("altered");
  }

  @Test
  @DisplayName("an envelope moved to another connection does not open")
  void movedToOtherConnectionFails() {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    assertRefused(() -> sealer.unseal("r2-eu", "secretAccessKey", envelope))
        .hasMessageContaining("'r2-eu'")
        .hasMessageContaining("'secretAccessKey'")
        .hasMessageContaining("another connection or setting");
  }

  @Test
  @DisplayName("an envelope moved to another setting of the same connection does not open")
  void movedToOtherSettingFails() {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    assertRefused(() -> sealer.unseal("s3-main", "accessKeyId", envelope))
        .hasMessageContaining("'s3-main'")
        .hasMessageContaining("'accessKeyId'");
  }

  @Test
  @DisplayName("connection and setting are length-prefixed: (\"ab\",\"c\") is not (\"a\",\"bc\")")
  void bindingIsUnambiguous() {
    String envelope = sealer.seal("ab", "c", Secret.of(SECRET));
    assertRefused(() -> sealer.unseal("a", "bc", envelope));
    assertThat(Envelope.associatedData("k", "ab", "c"))
        .isNotEqualTo(Envelope.associatedData("k", "a", "bc"));
  }

  @Test
  @DisplayName("an envelope sealed with a key the ring lacks fails naming that key id")
  void unknownKeyIdFails() {
    String envelope =
        AesGcmSealer.create(MasterKeys.of(MasterKey.of("k0", K2)))
            .seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    assertRefused(() -> sealer.unseal("s3-main", "secretAccessKey", envelope))
        .hasMessageContaining("'k0'")
        .hasMessageContaining("'s3-main'")
        .hasMessageContaining("'secretAccessKey'");
  }

  @Test
  @DisplayName("the same id with other key bytes fails as altered")
  void sameIdOtherKeyFails() {
    String envelope =
        AesGcmSealer.create(MasterKeys.of(MasterKey.of("k1", K2))).seal("c", "s", Secret.of("x"));
    assertRefused(() -> sealer.unseal("c", "s", envelope)).hasMessageContaining("altered");
  }

  static Stream<String> malformed() {
    String good =
        AesGcmSealer.create(MasterKeys.of(MasterKey.of("k1", K1)))
            .seal("c", "s", Secret.of(SECRET));
    String payload = good.substring("stowage:v1:k1:".length());
    List<String> cases =
        new ArrayList<>(
            List.of(
                "",
                " ",
                "garbage",
                SECRET,
                "stowage",
                "stowage:",
                "stowage:v1",
                "stowage:v1:",
                "stowage:v1:k1",
                "stowage:v1:k1:",
                "stowage:v1::" + payload,
                "stowage:v1:k1:" + payload + ":",
                "stowage:v1:k1:" + payload + "=",
                "stowage:v1:k1:" + payload.replace('-', '+').replace('_', '/') + "+/",
                "stowage:v1:k1:!!!!",
                "stowage:v1:k1:AAAA",
                "stowage:v1:k1:" + "A".repeat(37),
                "stowage:v1:k 1:" + payload,
                "STOWAGE:v1:k1:" + payload,
                " " + good,
                good + " ",
                "stowage:v1:k1:" + "A".repeat(20_000)));
    // every truncation of a good envelope
    for (int n = 0; n < good.length(); n++) {
      cases.add(good.substring(0, n));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("malformed")
  @DisplayName("malformed, truncated and empty envelopes fail CONFIG_INVALID")
  void malformedEnvelopesFail(String envelope) {
    assertRefused(() -> sealer.unseal("c", "s", envelope))
        .hasMessageContaining("'c'")
        .hasMessageContaining("'s'");
  }

  @Test
  @DisplayName("an envelope of another format version fails saying so")
  void otherVersionFails() {
    String envelope = sealer.seal("c", "s", Secret.of(SECRET));
    String v2 = "stowage:v2:" + envelope.substring("stowage:v1:".length());
    assertRefused(() -> sealer.unseal("c", "s", v2)).hasMessageContaining("format");
  }

  @Test
  @DisplayName("no failure message or toString holds the secret, the envelope or the key")
  void failuresLeakNothing() {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of(SECRET));
    String payload = envelope.substring(envelope.lastIndexOf(':') + 1);
    String v2 = envelope.replace(":v1:", ":v2:");
    String unknownKey =
        AesGcmSealer.create(MasterKeys.of(MasterKey.of("k9", K2)))
            .seal("s3-main", "x", Secret.of(SECRET));
    String tampered = envelope.substring(0, envelope.length() - 2) + "AA";
    List<StorageException> failures = new ArrayList<>();
    for (Runnable r :
        List.<Runnable>of(
            () -> sealer.unseal("s3-main", "accessKeyId", envelope),
            () -> sealer.unseal("s3-main", "secretAccessKey", tampered),
            () -> sealer.unseal("s3-main", "secretAccessKey", v2),
            () -> sealer.unseal("s3-main", "x", unknownKey),
            () -> sealer.unseal("s3-main", "secretAccessKey", payload),
            () -> sealer.unseal("s3-main", "secretAccessKey", SECRET))) {
      failures.add(catchThrowableOfType(StorageException.class, r::run));
    }
    List<String> forbidden =
        List.of(
            SECRET,
            envelope,
            payload,
            payload.substring(0, 16),
            tampered,
            unknownKey.substring(unknownKey.lastIndexOf(':') + 1, unknownKey.length() - 10),
            Base64.getEncoder().encodeToString(K1),
            Base64.getEncoder().encodeToString(K2),
            Base64.getUrlEncoder().withoutPadding().encodeToString(K1));
    for (StorageException e : failures) {
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
      assertThat(e.getCause()).isNull();
      for (String text : List.of(e.getMessage(), e.toString())) {
        for (String f : forbidden) {
          assertThat(text).doesNotContain(f);
        }
      }
    }
    assertThat(sealer.toString())
        .contains("k1")
        .doesNotContain(Base64.getEncoder().encodeToString(K1));
  }

  @Test
  @DisplayName(
      "sealedWithOlderKey: false under the newest key, true under an older one or unreadable")
  void sealedWithOlderKey() {
    String underK1 = sealer.seal("c", "s", Secret.of(SECRET));
    assertThat(sealer.sealedWithOlderKey(underK1)).isFalse();
    AesGcmSealer rotated = AesGcmSealer.create(sealer.keys().withNewest(MasterKey.of("k2", K2)));
    assertThat(rotated.sealedWithOlderKey(underK1)).isTrue();
    assertThat(rotated.unseal("c", "s", underK1).reveal()).isEqualTo(SECRET);
    String underK2 = rotated.seal("c", "s", Secret.of(SECRET));
    assertThat(underK2).startsWith("stowage:v1:k2:");
    assertThat(rotated.sealedWithOlderKey(underK2)).isFalse();
    assertThat(rotated.sealedWithOlderKey("garbage")).isTrue();
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(Code.CONFIG_INVALID));
  }
}
