package dev.stowage.spi.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.HttpMethod;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HmacUrlSignerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final HmacUrlSigner signer =
      new HmacUrlSigner(
          Secret.of("0123456789abcdef0123456789abcdef"),
          URI.create("http://127.0.0.1:8080/files"),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static String[] split(PresignedRequest signed) {
    String path = signed.uri().getRawPath().substring("/files/".length());
    return new String[] {path, signed.uri().getRawQuery()};
  }

  @Test
  @DisplayName("A base URL with an upper-case scheme signs and verifies (schemes are case-blind)")
  void upperCaseScheme() {
    HmacUrlSigner upper =
        new HmacUrlSigner(
            Secret.of("0123456789abcdef0123456789abcdef"),
            URI.create("HTTPS://shop.example/files"),
            Clock.fixed(NOW, ZoneOffset.UTC));
    PresignedRequest signed =
        upper.sign(PresignRequest.get("a b.zip", Duration.ofMinutes(5)).build());
    String path = signed.uri().getRawPath().substring("/files/".length());
    assertThat(upper.verify("GET", path, signed.uri().getRawQuery())).isPresent();
  }

  @Test
  @DisplayName("A signed URL verifies, with its key decoded and its bound headers")
  void roundTrip() {
    String key = "dl/Ünï côde+%2e (1)#?.zip";
    PresignedRequest signed =
        signer.sign(
            PresignRequest.get(key, Duration.ofMinutes(5)).downloadFilename("ä.zip").build());
    String[] parts = split(signed);

    SignedClaims claims = signer.verify("GET", parts[0], parts[1]).orElseThrow();

    assertThat(claims.key()).isEqualTo(key);
    assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(claims.responseContentDisposition()).contains("filename*=UTF-8''%C3%A4.zip");
    assertThat(signed.expiresAt()).isEqualTo(NOW.plusSeconds(300));
  }

  @Test
  @DisplayName("Every one-character change to a signed URL is refused")
  void everyOneCharacterChangeIsRefused() {
    PresignedRequest signed =
        signer.sign(PresignRequest.get("a/b.zip", Duration.ofMinutes(5)).build());
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
      assertThat(signer.verify("GET", changed.substring(0, q), changed.substring(q + 1)))
          .as("changed index %d of %s", i, url)
          .isEmpty();
      refused++;
    }
    assertThat(refused).isEqualTo(url.length() - 1);
  }

  @Test
  @DisplayName("A URL is refused after it expires and when used with another method")
  void expiryAndMethod() {
    PresignedRequest signed = signer.sign(PresignRequest.put("k", Duration.ofSeconds(60)).build());
    String[] parts = split(signed);
    assertThat(signer.verify("PUT", parts[0], parts[1])).isPresent();
    assertThat(signer.verify("GET", parts[0], parts[1])).isEmpty();
    assertThat(signer.verify(HttpMethod.DELETE.name(), parts[0], parts[1])).isEmpty();

    HmacUrlSigner later =
        new HmacUrlSigner(
            Secret.of("0123456789abcdef0123456789abcdef"),
            URI.create("http://127.0.0.1:8080/files"),
            Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.verify("PUT", parts[0], parts[1])).isEmpty();
  }
}
