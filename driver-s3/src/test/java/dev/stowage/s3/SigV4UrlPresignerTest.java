package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.s3.sigv4.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SigV4UrlPresignerTest {

  @Test
  @DisplayName("the reported expiry is the signed date plus the TTL, even as the clock moves")
  void expiryMatchesTheSignedDate() {
    Clock moving = new ManualClock(Instant.parse("2026-11-23T23:59:58.700Z"), 400);
    SigV4UrlPresigner presigner =
        new SigV4UrlPresigner(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "shop",
            "eu-west-1",
            null,
            moving);
    for (int i = 0; i < 20; i++) {
      PresignedRequest p = presigner.presign(PresignRequest.get("a.zip", Duration.ofMinutes(15)));
      int at = p.url().indexOf("X-Amz-Date=") + "X-Amz-Date=".length();
      Instant signed =
          LocalDateTime.parse(
                  p.url().substring(at, at + 16),
                  DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
              .toInstant(ZoneOffset.UTC);
      assertThat(p.expiresAt()).isEqualTo(signed.plus(Duration.ofMinutes(15)));
    }
  }
}
