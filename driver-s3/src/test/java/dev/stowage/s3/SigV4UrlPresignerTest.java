package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
    Clock moving = new MovingClock(Instant.parse("2026-11-23T23:59:58.700Z"), 400);
    SigV4UrlPresigner presigner =
        new SigV4UrlPresigner(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "shop",
            "eu-west-1",
            null,
            moving);
    for (int i = 0; i < 20; i++) {
      PresignedRequest p =
          presigner.presign(PresignRequest.get("a.zip", Duration.ofMinutes(15)).build());
      int at = p.url().indexOf("X-Amz-Date=") + "X-Amz-Date=".length();
      Instant signed =
          LocalDateTime.parse(
                  p.url().substring(at, at + 16),
                  DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
              .toInstant(ZoneOffset.UTC);
      assertThat(p.expiresAt()).isEqualTo(signed.plus(Duration.ofMinutes(15)));
    }
  }

  /** A clock that moves {@code stepMillis} forward every time it is read. */
  private static final class MovingClock extends Clock {
    private long millis;
    private final long stepMillis;

    MovingClock(Instant start, long stepMillis) {
      this.millis = start.toEpochMilli();
      this.stepMillis = stepMillis;
    }

    @Override
    public long millis() {
      millis += stepMillis;
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
