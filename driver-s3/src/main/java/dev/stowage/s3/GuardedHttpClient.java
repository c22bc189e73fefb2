package dev.stowage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The SDK's HTTP client, on Apache HttpClient 5 directly, for two guarantees the SDK's own Apache 5
 * adapter cannot give together:
 *
 * <ul>
 *   <li>every connection goes to an address the host's policy allows, checked on the resolved
 *       address actually connected to ({@link GuardedDnsResolver} is the only way from a host to an
 *       address), over a plain socket that never consults a system or SOCKS proxy;
 *   <li>the request line carries the path exactly as the SDK signed it: the SDK's adapter rewrites
 *       {@code //} to {@code /%2F} after signing, so a key such as {@code a//b} or {@code /a} fails
 *       with SignatureDoesNotMatch on every server that canonicalises the raw path.
 * </ul>
 *
 * <p>Nothing happens behind the SDK's back: no retries, redirects, cookies, authentication or
 * content decompression (Apache's minimal client), bodies streamed both ways, and headers copied as
 * they are, Host and Content-Length once each.
 */
final class GuardedHttpClient implements SdkHttpClient {

  static final String CLIENT_NAME = "StowageGuardedApache5";

  /** The SDK's own defaults for its Apache clients: pool size and the wait for a connection. */
  static final int MAX_CONNECTIONS = 50;

  private static final Timeout CONNECTION_ACQUIRE_TIMEOUT = Timeout.ofSeconds(10);

  /** A pooled connection idle this long is checked before reuse (the server may have closed it). */
  private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);

  private static final List<String> HEADERS_FROM_THE_ENTITY =
      List.of("Content-Length", "Transfer-Encoding", "Host");

  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;
  private final RequestConfig requestConfig;

  private GuardedHttpClient(
      PoolingHttpClientConnectionManager pool,
      CloseableHttpClient client,
      RequestConfig requestConfig) {
    this.pool = pool;
    this.client = client;
    this.requestConfig = requestConfig;
  }

  /**
   * A client resolving every host through {@code resolver}, with the given connect and socket
   * (read) timeouts.
   */
  static GuardedHttpClient create(
      DnsResolver resolver, Duration connectTimeout, Duration socketTimeout) {
    return create(resolver, connectTimeout, socketTimeout, MAX_CONNECTIONS);
  }

  /** As above, with a pool of {@code maxConnections}. */
  static GuardedHttpClient create(
      DnsResolver resolver, Duration connectTimeout, Duration socketTimeout, int maxConnections) {
    Objects.requireNonNull(resolver, "resolver");
    Timeout connect = Timeout.of(connectTimeout);
    Timeout socket = Timeout.of(socketTimeout);
    var operator =
        new DefaultHttpClientConnectionOperator(
            // Proxy.NO_PROXY: a bare new Socket() would follow socksProxyHost or the OS settings.
            proxy -> new Socket(Proxy.NO_PROXY),
            DefaultSchemePortResolver.INSTANCE,
            resolver,
            RegistryBuilder.<TlsSocketStrategy>create()
                .register("https", DefaultClientTlsStrategy.createDefault())
                .build());
    var pool =
        new PoolingHttpClientConnectionManager(
            operator,
            PoolConcurrencyPolicy.STRICT,
            PoolReusePolicy.LIFO,
            TimeValue.NEG_ONE_MILLISECOND,
            QuietConnectionFactory.INSTANCE);
    pool.setMaxTotal(maxConnections);
    pool.setDefaultMaxPerRoute(maxConnections);
    pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(socket).build());
    pool.setDefaultConnectionConfig(
        ConnectionConfig.custom()
            .setConnectTimeout(connect)
            .setSocketTimeout(socket)
            .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
            .build());
    RequestConfig requestConfig =
        RequestConfig.custom()
            .setConnectionRequestTimeout(CONNECTION_ACQUIRE_TIMEOUT)
            .setResponseTimeout(socket)
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .build();
    // The minimal client: one direct route, no proxy, retry, redirect, cookie, auth or
    // decompression stage; it sends the request's path string as it is.
    return new GuardedHttpClient(pool, HttpClients.createMinimal(pool), requestConfig);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    Objects.requireNonNull(request, "request");
    request
        .metricCollector()
        .ifPresent(m -> m.reportMetric(HttpMetric.HTTP_CLIENT_NAME, clientName()));
    SdkHttpRequest sdk = request.httpRequest();
    HttpHost target = new HttpHost(sdk.protocol(), sdk.host(), sdk.port());
    CancellableRequest apache =
        new CancellableRequest(sdk.method().name(), target, rawPathAndQuery(sdk));
    apache.setHeader("Host", hostHeader(sdk));
    sdk.forEachHeader(
        (name, values) -> {
          if (HEADERS_FROM_THE_ENTITY.stream().noneMatch(name::equalsIgnoreCase)) {
            values.forEach(value -> apache.addHeader(name, value));
          }
        });
    Optional<String> length = sdk.firstMatchingHeader("Content-Length");
    if (request.contentStreamProvider().isPresent()) {
      boolean chunked = sdk.matchingHeaders("Transfer-Encoding").contains("chunked");
      long bytes = chunked || length.isEmpty() ? -1 : Long.parseLong(length.get().trim());
      apache.setEntity(new ContentStreamEntity(request.contentStreamProvider().get(), bytes));
    } else if (length.isPresent()) {
      // Signed (e.g. "Content-Length: 0" on an empty PUT): it is sent, with no body behind it.
      long bytes = Long.parseLong(length.get().trim());
      apache.setEntity(new ContentStreamEntity(() -> new ByteArrayInputStream(new byte[0]), bytes));
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        return execute(target, apache);
      }

      @Override
      public void abort() {
        apache.cancel();
      }
    };
  }

  private HttpExecuteResponse execute(HttpHost target, CancellableRequest request)
      throws IOException {
    HttpClientContext context = HttpClientContext.create();
    context.setRequestConfig(requestConfig);
    if (request.isCancelled()) {
      throw new InterruptedIOException("The request was aborted");
    }
    ClassicHttpResponse response;
    try {
      response = client.executeOpen(target, request, context);
    } catch (IllegalStateException e) {
      // Apache's answer when an abort lands while the connection is being leased.
      if (request.isCancelled()) {
        InterruptedIOException aborted = new InterruptedIOException("The request was aborted");
        aborted.initCause(e);
        throw aborted;
      }
      throw e;
    }
    try {
      SdkHttpResponse.Builder head =
          SdkHttpResponse.builder()
              .statusCode(response.getCode())
              .statusText(response.getReasonPhrase());
      for (Header header : response.getHeaders()) {
        head.appendHeader(header.getName(), header.getValue());
      }
      HttpExecuteResponse.Builder built = HttpExecuteResponse.builder().response(head.build());
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        response.close();
      } else if (entity.getContentLength() == 0) {
        // Nothing to read: hand the connection back to the pool now.
        response.close();
        built.responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0])));
      } else {
        // Closing the stream reads it to the end (the connection is reused); abort() closes
        // the connection instead, for a body left unread.
        built.responseBody(AbortableInputStream.create(entity.getContent(), request::cancel));
      }
      return built.build();
    } catch (IOException | RuntimeException | Error e) {
      request.cancel();
      response.close();
      throw e;
    }
  }

  /** The path and query exactly as the SDK encoded and signed them. */
  private static String rawPathAndQuery(SdkHttpRequest sdk) {
    String path = sdk.encodedPath();
    StringBuilder line = new StringBuilder(path.isEmpty() ? "/" : path);
    sdk.encodedQueryParameters().ifPresent(query -> line.append('?').append(query));
    return line.toString();
  }

  /** The SDK's own Host header when it set one, otherwise the host and any non-default port. */
  private static String hostHeader(SdkHttpRequest sdk) {
    return sdk.firstMatchingHeader("Host")
        .orElseGet(
            () ->
                SdkHttpUtils.isUsingStandardPort(sdk.protocol(), sdk.port())
                    ? sdk.host()
                    : sdk.host() + ":" + sdk.port());
  }

  @Override
  public String clientName() {
    return CLIENT_NAME;
  }

  /** Closes every pooled connection; requests in flight fail. */
  @Override
  public void close() {
    client.close(CloseMode.IMMEDIATE);
    pool.close(CloseMode.IMMEDIATE);
  }
}
