package dev.stowage.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.Secret;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

  static final String KEY_A = Base64.getEncoder().encodeToString(AesGcmSealerTest.bytes(3));
  static final String KEY_B = Base64.getEncoder().encodeToString(AesGcmSealerTest.bytes(4));

  static MasterKeys env(String value) {
    return MasterKeys.fromEnvironment(Map.of(MasterKeys.ENV_KEYS, value)::get);
  }

  /** Asserts CONFIG_INVALID whose message and toString hold none of {@code material}. */
  static StorageException refused(Runnable call, String... material) {
    StorageException e = catchThrowableOfType(StorageException.class, call::run);
    assertThat(e).as("expected a StorageException").isNotNull();
    assertThat(e.code()).isEqualTo(Code.CONFIG_INVALID);
    assertThat(e.getCause()).isNull();
    for (String m : material) {
      assertThat(e.getMessage()).doesNotContain(m);
      assertThat(e.toString()).doesNotContain(m);
    }
    return e;
  }

  @Test
  @DisplayName("the first entry of STOWAGE_MASTER_KEYS is the newest; all of them unseal")
  void firstEntryIsNewest() {
    MasterKeys keys = env(" k2:" + KEY_B + " , k1:" + KEY_A + " ");
    assertThat(keys.ids()).containsExactly("k2", "k1");
    assertThat(keys.newest().id()).isEqualTo("k2");
    String underK1 = AesGcmSealer.create(env("k1:" + KEY_A)).seal("c", "s", Secret.of("value-123"));
    AesGcmSealer both = AesGcmSealer.create(keys);
    assertThat(both.unseal("c", "s", underK1).reveal()).isEqualTo("value-123");
    assertThat(both.seal("c", "s", Secret.of("x"))).startsWith("stowage:v1:k2:");
  }

  @Test
  @DisplayName("URL-safe and unpadded base64 are accepted as well as standard")
  void base64Spellings() {
    byte[] raw = AesGcmSealerTest.bytes(9);
    String url = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String std = Base64.getEncoder().encodeToString(raw);
    String sealed = AesGcmSealer.create(env("k:" + std)).seal("c", "s", Secret.of("v"));
    assertThat(AesGcmSealer.create(env("k:" + url)).unseal("c", "s", sealed).reveal())
        .isEqualTo("v");
  }

  @Test
  @DisplayName("duplicate ids are refused naming the id")
  void duplicateIds() {
    assertThat(refused(() -> env("k1:" + KEY_A + ",k1:" + KEY_B), KEY_A, KEY_B).getMessage())
        .contains("'k1'")
        .contains("twice");
  }

  @Test
  @DisplayName("bad base64 is refused naming the id, never the text or the offending character")
  void badBase64() {
    String bad = KEY_A.substring(0, 20) + "*%" + KEY_A.substring(22);
    StorageException e = refused(() -> env("k1:" + bad), bad, KEY_A.substring(0, 20), "*%", "2a");
    assertThat(e.getMessage()).contains("'k1'").contains("base64").contains(MasterKeys.ENV_KEYS);
  }

  @Test
  @DisplayName("a key of the wrong length is refused naming the id and the byte count, not the key")
  void wrongLength() {
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    String long48 = Base64.getEncoder().encodeToString(AesGcmSealerTest.bytes(5)) + KEY_A;
    assertThat(refused(() -> env("k1:" + short16), short16).getMessage())
        .contains("'k1'")
        .contains("16 bytes")
        .contains("exactly 32");
    refused(() -> env("k1:" + long48), long48, KEY_A);
    refused(() -> MasterKey.of("k1", new byte[31]));
  }

  @Test
  @DisplayName("an entry without an id, or with a bad id, is named by position, never echoed")
  void badEntries() {
    // A bare key pasted without "id:" must not be echoed as if it were an id.
    assertThat(refused(() -> env(KEY_A), KEY_A).getMessage()).contains("Entry 1");
    assertThat(refused(() -> env("k1:" + KEY_A + "," + KEY_B), KEY_A, KEY_B).getMessage())
        .contains("Entry 2");
    // key and id swapped: the key part before ':' would be an id, which is too long to be one
    String swapped = KEY_A + ":k1";
    refused(() -> env(swapped), KEY_A);
    refused(() -> env("bad id:" + KEY_A), KEY_A, "bad id");
    refused(() -> env(":" + KEY_A), KEY_A);
  }

  @Test
  @DisplayName("an unset, empty or blank STOWAGE_MASTER_KEYS is refused saying how to make a key")
  void emptyOrUnset() {
    assertThat(
            refused(() -> MasterKeys.fromEnvironment(Map.<String, String>of()::get)).getMessage())
        .contains(MasterKeys.ENV_KEYS)
        .contains("generateKeyLine");
    refused(() -> env(""));
    refused(() -> env(" , ,"));
  }

  @Test
  @DisplayName("load: the variable, else the key file it names; both set is refused")
  void load() {
    assertThat(MasterKeys.load(Map.of(MasterKeys.ENV_KEYS, "k1:" + KEY_A)::get).ids())
        .containsExactly("k1");
    assertThat(
            refused(
                    () ->
                        MasterKeys.load(
                            Map.of(
                                    MasterKeys.ENV_KEYS,
                                    "k1:" + KEY_A,
                                    MasterKeys.ENV_KEY_FILE,
                                    "/etc/stowage/keys")
                                ::get),
                    KEY_A)
                .getMessage())
        .contains("Both");
    assertThat(refused(() -> MasterKeys.load(Map.<String, String>of()::get)).getMessage())
        .contains(MasterKeys.ENV_KEYS)
        .contains(MasterKeys.ENV_KEY_FILE);
  }

  @Test
  @DisplayName("generateKeyLine gives a fresh id:base64 entry of 32 bytes that parses back")
  void generateKeyLine() {
    String line = MasterKeys.generateKeyLine("k7");
    String other = MasterKeys.generateKeyLine("k7");
    assertThat(line).startsWith("k7:").isNotEqualTo(other);
    assertThat(Base64.getDecoder().decode(line.substring(3))).hasSize(32);
    assertThat(env(line).ids()).containsExactly("k7");
    refused(() -> MasterKeys.generateKeyLine("no:colons"));
  }

  @Test
  @DisplayName("toString of a key, a ring and a sealer shows ids only")
  void toStringShowsIdsOnly() {
    MasterKeys keys = env("k2:" + KEY_B + ",k1:" + KEY_A);
    for (Object o :
        List.of(
            keys,
            keys.newest(),
            AesGcmSealer.create(keys),
            Reseal.create(
                new dev.stowage.hub.store.InMemoryConnectionStore(), AesGcmSealer.create(keys)))) {
      assertThat(o.toString())
          .contains("k2")
          .doesNotContain(KEY_A)
          .doesNotContain(KEY_B)
          .doesNotContain(KEY_A.substring(0, 12))
          .doesNotContain(KEY_B.substring(0, 12));
    }
    assertThat(keys.toString()).contains("k1");
  }

  @Test
  @DisplayName("a ring grows with withNewest and shrinks with without, never to nothing")
  void ringEdits() {
    MasterKeys one = env("k1:" + KEY_A);
    MasterKeys two = one.withNewest(MasterKey.generate("k2"));
    assertThat(two.ids()).containsExactly("k2", "k1");
    assertThat(two.without("k1").ids()).containsExactly("k2");
    assertThat(two.without("k2").newest().id()).isEqualTo("k1");
    refused(() -> one.without("k1"));
    refused(() -> two.withNewest(MasterKey.generate("k1")));
    assertThatThrownBy(() -> one.without("nope"))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(Code.NOT_FOUND));
  }
}
