package dev.stowage.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The presigner keeps what changes once a second and once a day. One long-lived instance must sign
 * exactly as a fresh one at the same instant (which the SDK differential test holds to the SDK's
 * URLs), whatever the clock does and however many threads share it.
 */
class SigV4PresignerCacheTest {

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  @Test
  @DisplayName("across seconds, a UTC midnight and a clock stepping back, it signs as a fresh one")
  void followsTheClock() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T23:59:58.250Z"));
    SigV4Presigner longLived = presigner(clock);
    long[] steps = {0, 400, 600, 1_000, 1, 999, 86_400_000, -86_400_000 - 5_000, 3_600_000};
    for (long step : steps) {
      clock.advance(step);
      for (String method : new String[] {"GET", "PUT"}) {
        String url = sign(longLived, method);
        Instant second = Instant.ofEpochSecond(Math.floorDiv(clock.peekMillis(), 1000L));
        assertThat(url)
            .as("at %s", second)
            .isEqualTo(sign(presigner(Clock.fixed(second, ZoneOffset.UTC)), method))
            .contains(
                "X-Amz-Date=" + AMZ_DATE.format(LocalDateTime.ofInstant(second, ZoneOffset.UTC)));
      }
    }
  }

  @Test
  @DisplayName("shared by four threads while the seconds tick, every URL is the fresh one's")
  void sharedBetweenThreads() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T23:59:50Z"));
    SigV4Presigner shared = presigner(clock);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<String> urls = new ArrayList<>();
                  for (int i = 0; i < 2_000; i++) {
                    if (i % 100 == 0) {
                      clock.advance(1_000); // 80 seconds in all, across midnight
                    }
                    urls.add(sign(shared, i % 2 == 0 ? "GET" : "PUT"));
                  }
                  return urls;
                }));
      }
      int checked = 0;
      for (Future<List<String>> result : results) {
        for (String url : result.get()) {
          int at = url.indexOf("X-Amz-Date=") + "X-Amz-Date=".length();
          Instant signedAt =
              LocalDateTime.parse(url.substring(at, at + 16), AMZ_DATE).toInstant(ZoneOffset.UTC);
          String method = url.contains("content-type") ? "PUT" : "GET";
          assertThat(url).isEqualTo(sign(presigner(Clock.fixed(signedAt, ZoneOffset.UTC)), method));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(8_000);
    } finally {
      pool.shutdownNow();
    }
  }

  private static SigV4Presigner presigner(Clock clock) {
    return new SigV4Presigner(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "session/token+with=specials",
        "eu-west-1",
        "s3",
        S3Endpoint.aws("eu-west-1"),
        clock);
  }

  /** A GET with a download name, or a PUT that binds its Content-Type. */
  private static String sign(SigV4Presigner signer, String method) {
    return method.equals("GET")
        ? signer.presign("GET", "shop", "dl/App 1.0 (x64).zip", 900, "attachment", null, null)
        : signer.presign("PUT", "shop", "up/ü.bin", 60, null, null, "application/octet-stream");
  }
}
