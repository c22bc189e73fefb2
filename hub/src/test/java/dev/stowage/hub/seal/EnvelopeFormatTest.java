package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The envelope format, documented by plain JCA code that does not use the sealer: {@code
 * stowage:v1:<keyId>:<base64url, unpadded (12-byte nonce ‖ ciphertext ‖ 16-byte tag)>}, AES-256-GCM
 * with associated data = for each of ("stowage-hub sealed secret v1", keyId, connectionId, setting)
 * a 4-byte big-endian length and the UTF-8 bytes.
 */
class EnvelopeFormatTest {

  static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) i;
    }
  }

  /** Made once by plain JCA with the nonce A0 A1 … AB; frozen so a format change cannot slip in. */
  static final String FROZEN =
      "stowage:v1:kat:oKGio6SlpqeoqaqrjXYTWivrY9EREuKhJwmlvQLJLZ_h-w1Eve0xex4m3TV61F8";

  final AesGcmSealer sealer = AesGcmSealer.create(MasterKeys.of(MasterKey.of("kat", KEY)));

  static byte[] associatedData(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  static String jcaOpen(String envelope, byte[] key, String connectionId, String setting)
      throws Exception {
    String[] parts = envelope.split(":");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("stowage");
    assertThat(parts[1]).isEqualTo("v1");
    byte[] payload = Base64.getUrlDecoder().decode(parts[3]);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(payload, 0, 12)));
    c.updateAAD(associatedData("stowage-hub sealed secret v1", parts[2], connectionId, setting));
    return new String(
        c.doFinal(Arrays.copyOfRange(payload, 12, payload.length)), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("plain JCA opens what the sealer seals, given the key and the documented format")
  void jcaOpensSealerEnvelope() throws Exception {
    String envelope = sealer.seal("s3-main", "secretAccessKey", Secret.of("known answer secret"));
    assertThat(envelope).doesNotEndWith("=");
    assertThat(Base64.getUrlDecoder().decode(envelope.substring("stowage:v1:kat:".length())))
        .hasSize(12 + "known answer secret".length() + 16);
    assertThat(jcaOpen(envelope, KEY, "s3-main", "secretAccessKey"))
        .isEqualTo("known answer secret");
  }

  @Test
  @DisplayName("the sealer opens a frozen envelope made by plain JCA, and JCA opens it too")
  void frozenKnownAnswer() throws Exception {
    assertThat(jcaOpen(FROZEN, KEY, "s3-main", "secretAccessKey")).isEqualTo("known answer secret");
    assertThat(sealer.unseal("s3-main", "secretAccessKey", FROZEN).reveal())
        .isEqualTo("known answer secret");
  }

  @Test
  @DisplayName("the sealer's associated data is the documented length-prefixed layout")
  void associatedDataLayout() {
    assertThat(Envelope.associatedData("kat", "s3-main", "secretAccessKey"))
        .isEqualTo(
            associatedData("stowage-hub sealed secret v1", "kat", "s3-main", "secretAccessKey"));
  }
}
