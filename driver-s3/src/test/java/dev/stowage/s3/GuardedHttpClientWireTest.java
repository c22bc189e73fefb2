package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stowage.StorageException;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.spi.EndpointPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** What the driver's HTTP client puts on the wire, seen by WireMock on 127.0.0.1. */
class GuardedHttpClientWireTest {

  @RegisterExtension static final WireMockExtension WM = WireS3.extension();

  private SdkHttpClient client;

  @BeforeEach
  void stubAndOpen() {
    WM.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    client = S3ClientFactory.httpClient(EndpointPolicy.allowLoopback(), NameLookup.SYSTEM);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static LoggedRequest only() {
    List<LoggedRequest> all = WM.findAll(anyRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static SdkHttpFullRequest.Builder put(String path, Map<String, String> headers) {
    SdkHttpFullRequest.Builder b =
        SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(WM.baseUrl()));
    b.encodedPath(path);
    headers.forEach(b::putHeader);
    return b;
  }

  private HttpExecuteResponse send(SdkHttpFullRequest request, byte[] body) throws IOException {
    return client
        .prepareRequest(
            HttpExecuteRequest.builder()
                .request(request)
                .contentStreamProvider(() -> new ByteArrayInputStream(body))
                .build())
        .call();
  }

  @Test
  @DisplayName(
      "Through the driver, the path of a//b and /a is sent as signed: /shop/a//b, /shop//a")
  void doubleSlashThroughTheDriver() {
    try (Store store = WireS3.open(WM)) {
      for (String key : List.of("a//b", "/a")) {
        WM.resetRequests();
        // WireMock's "ok" is no S3 answer; only the request line matters here.
        catchThrowableOfType(StorageException.class, () -> store.readAllBytes(key));
        assertThat(WM.findAll(anyRequestedFor(anyUrl())))
            .isNotEmpty()
            .allSatisfy(r -> assertThat(r.getUrl()).isEqualTo("/" + WireS3.BUCKET + "/" + key));
      }
    }
  }

  @Test
  @DisplayName("An upload sends one Host and one Content-Length, no Transfer-Encoding, the body")
  void uploadHeadersOnce() {
    byte[] body = "twelve bytes".getBytes(UTF_8);
    try (Store store = WireS3.open(WM)) {
      catchThrowableOfType(
          RuntimeException.class, () -> store.upload(UploadRequest.of("k.txt"), body));
    }
    LoggedRequest put = WM.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(put.getMethod().getName()).isEqualTo("PUT");
    assertThat(put.getUrl()).isEqualTo("/" + WireS3.BUCKET + "/k.txt");
    assertThat(put.getHeaders().getHeader("Host").values())
        .containsExactly(URI.create(WM.baseUrl()).getAuthority());
    // Over plain HTTP the SDK signs the body in aws-chunked frames: Content-Length counts them.
    assertThat(put.getHeaders().getHeader("Content-Length").values())
        .containsExactly(Integer.toString(put.getBody().length));
    assertThat(put.containsHeader("Transfer-Encoding")).isFalse();
    assertThat(new String(put.getBody(), UTF_8)).contains("twelve bytes");
  }

  @Test
  @DisplayName("Path and query go as given: no normalising, no re-encoding")
  void pathAndQueryVerbatim() throws IOException {
    String path = "/shop//x/%2F/./y%20z";
    SdkHttpFullRequest request =
        put(path, Map.of("Content-Length", "2")).putRawQueryParameter("partNumber", "1").build();
    try (var ignored = send(request, "hi".getBytes(UTF_8)).responseBody().orElseThrow()) {
      assertThat(only().getUrl()).isEqualTo(path + "?partNumber=1");
    }
  }

  @Test
  @DisplayName("A body of unknown length is streamed chunked")
  void unknownLengthIsChunked() throws IOException {
    byte[] body = "no length given".getBytes(UTF_8);
    try (var ignored = send(put("/shop/c", Map.of()).build(), body).responseBody().orElseThrow()) {
      LoggedRequest r = only();
      assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.containsHeader("Content-Length")).isFalse();
      assertThat(r.getBody()).isEqualTo(body);
    }
  }

  @Test
  @DisplayName("A body shorter than its Content-Length fails the request instead of hanging")
  void shortBodyFails() {
    SdkHttpFullRequest request = put("/shop/s", Map.of("Content-Length", "10")).build();
    IOException e = catchThrowableOfType(IOException.class, () -> send(request, new byte[3]));
    assertThat(e).hasMessageContaining("ended after 3 of 10 bytes");
  }

  @Test
  @DisplayName("A request aborted before it runs fails and sends nothing")
  void abortBeforeCall() {
    ExecutableHttpRequest prepared =
        client.prepareRequest(
            HttpExecuteRequest.builder()
                .request(
                    SdkHttpFullRequest.builder()
                        .method(SdkHttpMethod.GET)
                        .uri(URI.create(WM.baseUrl() + "/shop/a"))
                        .build())
                .build());
    prepared.abort();
    assertThat(catchThrowableOfType(IOException.class, prepared::call)).isNotNull();
    WM.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName("A SOCKS proxy set for the JVM is not used: the connection goes straight out")
  void noSystemProxy() throws IOException {
    try (ServerSocket closed = new ServerSocket(0)) {
      int deadPort = closed.getLocalPort();
      closed.close();
      String[] keys = {"socksProxyHost", "socksProxyPort", "socksNonProxyHosts"};
      String[] saved = new String[keys.length];
      for (int i = 0; i < keys.length; i++) {
        saved[i] = System.getProperty(keys[i]);
      }
      // A proxy on a closed port, used for every host, loopback too: following it would fail.
      System.setProperty("socksProxyHost", "127.0.0.1");
      System.setProperty("socksProxyPort", Integer.toString(deadPort));
      System.setProperty("socksNonProxyHosts", "");
      try {
        SdkHttpFullRequest request = put("/shop/p", Map.of("Content-Length", "1")).build();
        try (var ignored = send(request, new byte[1]).responseBody().orElseThrow()) {
          assertThat(only().getUrl()).isEqualTo("/shop/p");
        }
      } finally {
        for (int i = 0; i < keys.length; i++) {
          if (saved[i] == null) {
            System.clearProperty(keys[i]);
          } else {
            System.setProperty(keys[i], saved[i]);
          }
        }
      }
    }
  }
}
