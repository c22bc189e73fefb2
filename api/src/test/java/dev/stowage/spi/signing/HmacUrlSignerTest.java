package dev.stowage.spi.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import dev.stowage.StorageException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HmacUrlSignerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Secret KEY = Secret.of("0123456789abcdef0123456789abcdef");
  private static final URI BASE = URI.create("http://127.0.0.1:8080/files");
  private static final String STORE = "local:/srv/shop-a";

  private final HmacUrlSigner signer = signer(BASE, STORE);

  private static HmacUrlSigner signer(URI base, String identity) {
    return new HmacUrlSigner(KEY, base, identity, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String[] split(PresignedRequest signed) {
    String path = signed.uri().getRawPath().substring("/files/".length());
    return new String[] {path, signed.uri().getRawQuery()};
  }

  private PresignedRequest signedGet() {
    return signer.sign(
        PresignRequest.get("dl/app.zip", Duration.ofMinutes(5)).toBuilder()
            .downloadFilename("app.zip")
            .responseContentType("application/zip")
            .build());
  }

  private boolean accepted(String rawPath, String rawQuery) {
    return signer.verify("GET", rawPath, rawQuery).isPresent();
  }

  @Test
  @DisplayName("A base URL with an upper-case scheme signs and verifies (schemes are case-blind)")
  void upperCaseScheme() {
    HmacUrlSigner upper = signer(URI.create("HTTPS://shop.example/files"), STORE);
    PresignedRequest signed = upper.sign(PresignRequest.get("a b.zip", Duration.ofMinutes(5)));
    String path = signed.uri().getRawPath().substring("/files/".length());
    assertThat(upper.verify("GET", path, signed.uri().getRawQuery())).isPresent();
  }

  @Test
  @DisplayName("A signed URL verifies, with its key decoded and its bound headers")
  void roundTrip() {
    String key = "dl/Ünï côde+%2e (1)#?.zip";
    PresignedRequest signed =
        signer.sign(
            PresignRequest.get(key, Duration.ofMinutes(5)).toBuilder()
                .downloadFilename("ä.zip")
                .build());
    String[] parts = split(signed);

    SignedClaims claims = signer.verify("GET", parts[0], parts[1]).orElseThrow();

    assertThat(claims.key()).isEqualTo(key);
    assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(claims.responseContentDisposition().orElseThrow())
        .contains("filename*=UTF-8''%C3%A4.zip");
    assertThat(claims.responseContentType()).isEmpty();
    assertThat(signed.expiresAt()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  @DisplayName("Every one-character change to a signed URL is refused")
  void everyOneCharacterChangeIsRefused() {
    PresignedRequest signed = signer.sign(PresignRequest.get("a/b.zip", Duration.ofMinutes(5)));
    String url =
        signed.uri().getRawPath().substring("/files/".length()) + "?" + signed.uri().getRawQuery();
    int refused = 0;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      char replacement = c == 'a' ? 'b' : c == '0' ? '1' : 'a';
      if (c == '?') {
        continue;
      }
      String changed = url.substring(0, i) + replacement + url.substring(i + 1);
      int q = changed.indexOf('?');
      assertThat(accepted(changed.substring(0, q), changed.substring(q + 1)))
          .as("changed index %d of %s", i, url)
          .isFalse();
      refused++;
    }
    assertThat(refused).isEqualTo(url.length() - 1);
  }

  @Test
  @DisplayName(
      "Bound parameters added empty, at the end or where they belong, are refused: absent is not empty")
  void absentIsNotEmpty() {
    String[] parts = split(signer.sign(PresignRequest.get("k.zip", Duration.ofMinutes(5))));
    String query = parts[1];
    assertThat(accepted(parts[0], query)).isTrue();
    assertThat(accepted(parts[0], query + "&response-content-disposition=&response-content-type="))
        .isFalse();
    int signature = query.indexOf("&X-Stowage-Signature=");
    for (String added :
        List.of(
            "&response-content-disposition=",
            "&response-content-type=",
            "&X-Stowage-Content-Type=",
            "&response-content-disposition=&response-content-type=")) {
      String inserted = query.substring(0, signature) + added + query.substring(signature);
      assertThat(accepted(parts[0], inserted)).as(inserted).isFalse();
    }
  }

  @Test
  @DisplayName("Any bound parameter emptied is refused")
  void emptiedIsRefused() {
    String[] parts = split(signedGet());
    List<String> pairs = Arrays.asList(parts[1].split("&"));
    for (int i = 0; i < pairs.size(); i++) {
      List<String> changed = new ArrayList<>(pairs);
      changed.set(i, pairs.get(i).substring(0, pairs.get(i).indexOf('=') + 1));
      assertThat(accepted(parts[0], String.join("&", changed))).as(changed.toString()).isFalse();
    }
  }

  @Test
  @DisplayName("Any parameter repeated, with its value or another, anywhere, is refused")
  void duplicatedIsRefused() {
    String[] parts = split(signedGet());
    List<String> pairs = Arrays.asList(parts[1].split("&"));
    for (String pair : pairs) {
      for (int at = 0; at <= pairs.size(); at++) {
        List<String> changed = new ArrayList<>(pairs);
        changed.add(at, pair);
        assertThat(accepted(parts[0], String.join("&", changed))).as(changed.toString()).isFalse();
      }
    }
    assertThat(accepted(parts[0], parts[1] + "&response-content-type=text/html")).isFalse();
  }

  @Test
  @DisplayName(
      "The same parameters in any other order are refused: only the canonical order is ours")
  void reorderedIsRefused() {
    String[] parts = split(signedGet());
    List<String> pairs = Arrays.asList(parts[1].split("&"));
    assertThat(accepted(parts[0], parts[1])).isTrue();
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      List<String> shuffled = new ArrayList<>(pairs);
      Collections.shuffle(shuffled, random);
      if (!shuffled.equals(pairs)) {
        assertThat(accepted(parts[0], String.join("&", shuffled)))
            .as(shuffled.toString())
            .isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "A link is refused by a signer with the same key but another store identity or base URL")
  void boundToOneStore() {
    String[] parts = split(signedGet());
    assertThat(signer(BASE, "local:/srv/shop-b").verify("GET", parts[0], parts[1])).isEmpty();
    assertThat(
            signer(URI.create("http://127.0.0.1:8081/files"), STORE)
                .verify("GET", parts[0], parts[1]))
        .isEmpty();
    assertThat(signer(BASE, STORE).verify("GET", parts[0], parts[1])).isPresent();
  }

  @Test
  @DisplayName("A URL is refused after it expires and when used with another method")
  void expiryAndMethod() {
    PresignedRequest signed = signer.sign(PresignRequest.put("k", Duration.ofSeconds(60)));
    String[] parts = split(signed);
    assertThat(signer.verify("PUT", parts[0], parts[1])).isPresent();
    assertThat(signer.verify("GET", parts[0], parts[1])).isEmpty();
    assertThat(signer.verify(HttpMethod.DELETE.name(), parts[0], parts[1])).isEmpty();

    HmacUrlSigner later =
        new HmacUrlSigner(KEY, BASE, STORE, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.verify("PUT", parts[0], parts[1])).isEmpty();
  }

  @Test
  @DisplayName("A closed signer refuses to sign and verifies nothing, its own links included")
  void closedSignerRefuses() {
    String[] parts = split(signedGet());
    signer.close();
    assertThatThrownBy(this::signedGet)
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.Code.UNAVAILABLE);
              assertThat(e.retryable()).isFalse();
            });
    assertThat(accepted(parts[0], parts[1])).isFalse();
  }
}
