package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.ConnectionReport;
import dev.stowage.DeleteResult;
import dev.stowage.StorageException;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An endpoint that answers with text of its choosing (an HTML page, an S3 error whose message
 * carries a secret-looking string, a request id with markup): none of it reaches an exception
 * message or a "Check again" report.
 */
class S3HostileResponseWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private static final String SECRET_LOOKING = "AKIAZZZZHOSTILE0000 sk_live_51HostileSecretValue";

  private static final List<String> FRAGMENTS =
      List.of("AKIAZZZZHOSTILE", "sk_live", "Hostile", "<html", "<script", "pwned", "169.254");

  private static List<ResponseDefinitionBuilder> hostileAnswers() {
    return List.of(
        aResponse()
            .withStatus(500)
            .withHeader("Content-Type", "text/html")
            .withHeader("x-amz-request-id", "<script>pwned</script>")
            .withBody(
                "<html><body><h1>Proxy error</h1><p>"
                    + SECRET_LOOKING
                    + "</p><script>pwned()</script></body></html>"),
        aResponse()
            .withStatus(403)
            .withHeader("Content-Type", "application/xml")
            .withBody(
                "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Go to"
                    + " http://169.254.169.254/ with "
                    + SECRET_LOOKING
                    + "</Message></Error>"),
        aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "application/xml")
            .withBody(
                "<?xml version=\"1.0\"?><Error><Code>Hostile&lt;script&gt;pwned</Code>"
                    + "<Message>"
                    + SECRET_LOOKING
                    + "</Message></Error>"));
  }

  @Test
  @DisplayName("Errors from every operation carry no byte of a hostile answer")
  void operations() {
    for (ResponseDefinitionBuilder answer : hostileAnswers()) {
      WM.resetAll();
      WM.stubFor(any(anyUrl()).willReturn(answer));
      try (Store store = WireS3.open(WM)) {
        List<Runnable> calls =
            List.of(
                () -> store.stat("a.txt"),
                () -> store.readAllBytes("a.txt"),
                () -> store.list(dev.stowage.ListRequest.all()),
                () -> store.delete("a.txt"),
                () ->
                    store.upload(UploadRequest.of("a.txt"), "x".getBytes(StandardCharsets.UTF_8)));
        for (Runnable call : calls) {
          StorageException e = catchThrowableOfType(StorageException.class, call::run);
          assertThat(e).isNotNull();
          String all = e + " " + e.requestId();
          FRAGMENTS.forEach(f -> assertThat(all).doesNotContain(f));
        }
      }
    }
  }

  @Test
  @DisplayName("A batch delete's per-key errors carry known codes only, never the endpoint's text")
  void batchDeleteErrors() {
    WM.resetAll();
    WM.stubFor(
        post(urlPathMatching("/" + WireS3.BUCKET + "/?"))
            .willReturn(
                WireS3.xml(
                    "<DeleteResult xmlns=\""
                        + WireS3.NS
                        + "\"><Error><Key>a.txt</Key><Code>AccessDenied</Code><Message>"
                        + SECRET_LOOKING
                        + "</Message></Error><Error><Key>b.txt</Key><Code>Hostile&lt;script&gt;"
                        + "</Code><Message>pwned</Message></Error></DeleteResult>")));
    try (Store store = WireS3.open(WM)) {
      DeleteResult result = store.deleteAll(List.of("a.txt", "b.txt"));
      assertThat(result.failures()).hasSize(2);
      String all = result.failures().toString();
      assertThat(all).contains("AccessDenied", "unrecognised error code");
      FRAGMENTS.forEach(f -> assertThat(all).doesNotContain(f));
    }
  }

  @Test
  @DisplayName("\"Check again\" reports carry no byte of a hostile answer")
  void verify() {
    for (ResponseDefinitionBuilder answer : hostileAnswers()) {
      WM.resetAll();
      WM.stubFor(any(anyUrl()).willReturn(answer));
      try (Store store = WireS3.open(WM)) {
        ConnectionReport report = store.verify();
        String all =
            report.checks().stream()
                .flatMap(c -> Stream.of(c.name(), c.detail(), c.hint()))
                .reduce("", (a, b) -> a + "\n" + b);
        assertThat(report.ok()).isFalse();
        FRAGMENTS.forEach(f -> assertThat(all).doesNotContain(f));
      }
    }
  }
}
