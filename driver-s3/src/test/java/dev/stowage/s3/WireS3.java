package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.stowage.DriverConfig;
import dev.stowage.Store;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The S3 driver against WireMock: for what only AWS answers (BucketAlreadyExists, a 301 with {@code
 * x-amz-bucket-region}) and for the exact requests the driver sends.
 */
final class WireS3 {

  static final String BUCKET = "shop";
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  private WireS3() {}

  static WireMockExtension extension() {
    return WireMockExtension.newInstance()
        .options(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1"))
        .build();
  }

  /** A store on bucket {@value #BUCKET} of the WireMock server, region us-east-1. */
  static Store open(WireMockExtension wm) {
    return open(wm, "us-east-1");
  }

  static Store open(WireMockExtension wm, String region) {
    return Store.open(
        new S3DriverProvider(),
        DriverConfig.builder()
            .set(S3DriverProvider.BUCKET, BUCKET)
            .set(S3DriverProvider.ENDPOINT, wm.baseUrl())
            .set(S3DriverProvider.REGION, region)
            .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE")
            .secret(S3DriverProvider.SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .build(),
        TestConfigs.loopback());
  }

  /** An S3 error answer: status, {@code <Error>} body with the code. */
  static ResponseDefinitionBuilder error(int status, String code) {
    return error(status, code, code, "");
  }

  /** An S3 error answer with a message and extra elements inside {@code <Error>}. */
  static ResponseDefinitionBuilder error(int status, String code, String message, String extra) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withHeader("x-amz-request-id", "WIREMOCKREQ1")
        .withBody(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message>"
                + extra
                + "<RequestId>WIREMOCKREQ1</RequestId></Error>");
  }

  static ResponseDefinitionBuilder xml(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/xml")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
  }

  /** Every request served, oldest first, as "METHOD /path?query". */
  static List<String> requests(WireMockExtension wm) {
    // WireMock keeps them newest first.
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    Collections.reverse(events);
    return events.stream()
        .map(ServeEvent::getRequest)
        .map(r -> r.getMethod().getName() + " " + r.getUrl())
        .toList();
  }
}
