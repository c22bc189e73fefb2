package dev.stowage.r2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The R2 driver against WireMock standing in for R2: what R2 receives, and what only R2 says. */
final class WireR2 {

  static final String BUCKET = "shop";
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  private WireR2() {}

  static WireMockExtension extension() {
    return WireMockExtension.newInstance()
        .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"))
        .build();
  }

  /** Settings for bucket {@value #BUCKET} with WireMock as the endpoint, and made-up keys. */
  static DriverConfig.Builder config(WireMockExtension wm) {
    return accountConfig().set(R2DriverProvider.ENDPOINT, wm.baseUrl());
  }

  /** Settings for bucket {@value #BUCKET} at the account's real endpoint, and made-up keys. */
  static DriverConfig.Builder accountConfig() {
    return DriverConfig.builder()
        .set(R2DriverProvider.ACCOUNT_ID, R2TestConfigs.ACCOUNT_ID)
        .set(R2DriverProvider.BUCKET, BUCKET)
        .secret(R2DriverProvider.ACCESS_KEY_ID, "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        .secret(
            R2DriverProvider.SECRET_ACCESS_KEY,
            "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9");
  }

  static Store open(WireMockExtension wm) {
    return open(wm, c -> c);
  }

  static Store open(WireMockExtension wm, UnaryOperator<DriverConfig.Builder> settings) {
    return open(settings.apply(config(wm)).build(), List.of());
  }

  static Store open(DriverConfig config, List<ExecutionInterceptor> interceptors) {
    return Store.open(
        new R2DriverProvider(interceptors),
        config,
        DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build());
  }

  /** An S3-style error answer. */
  static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withBody(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>");
  }

  static ResponseDefinitionBuilder xml(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/xml")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
  }

  /** Every request served, oldest first. */
  static List<LoggedRequest> requests(WireMockExtension wm) {
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    Collections.reverse(events);
    return events.stream().map(ServeEvent::getRequest).toList();
  }

  /** "METHOD /path?query" of every request served, oldest first. */
  static List<String> lines(WireMockExtension wm) {
    return requests(wm).stream().map(r -> r.getMethod().getName() + " " + r.getUrl()).toList();
  }
}
