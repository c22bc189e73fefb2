package dev.stowage.r2;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.stowage.BucketInfo;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.Store;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bucket administration with R2's rules: names without dots, location hints for regions. */
class R2BucketAdminWireTest {

  @RegisterExtension static final WireMockExtension WM = WireR2.extension();

  private static final String NEW = "/new-bucket";

  private static StorageException invalid(Store store, String name, String region) {
    StorageException e =
        catchThrowableOfType(StorageException.class, () -> store.buckets().create(name, region));
    assertThat(e).as("a StorageException").isNotNull();
    assertThat(e.code()).isEqualTo(Code.INVALID_ARGUMENT);
    return e;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "shop.downloads | no dots",
        "Shop-Downloads | upper-case",
        "shop_downloads | other than lower-case letters, digits and '-'",
        "ab | 3 to 63",
        "-shop | begin and end",
        "shop- | begin and end"
      })
  @DisplayName("Names R2 refuses fail with INVALID_ARGUMENT naming the rule, before any request")
  void refusedNames(String name, String rule) {
    try (Store store = WireR2.open(WM)) {
      assertThat(invalid(store, name, null).getMessage()).contains(rule);
      assertThat(
              catchThrowableOfType(
                  StorageException.class, () -> store.buckets().validateName(name)))
          .isNotNull();
    }
    assertThat(R2Buckets.nameProblem("a".repeat(64))).contains("3 to 63");
    WM.verify(0, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "shop-downloads-2",
        "0-0",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  @DisplayName("Names R2 takes pass validation")
  void acceptedNames(String name) {
    assertThat(R2Buckets.nameProblem(name)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"weur, weur", "WNAM, wnam", "apac, apac", "oc, oc"})
  @DisplayName("A location hint is sent as the LocationConstraint, in lower case")
  void locationHint(String hint, String sent) {
    WM.stubFor(put(urlEqualTo(NEW)).willReturn(ok()));
    try (Store store = WireR2.open(WM)) {
      BucketInfo created = store.buckets().create("new-bucket", hint);
      assertThat(created.name()).isEqualTo("new-bucket");
    }
    WM.verify(
        1,
        putRequestedFor(urlEqualTo(NEW))
            .withRequestBody(
                equalToXml(
                    "<CreateBucketConfiguration xmlns=\""
                        + WireR2.NS
                        + "\"><LocationConstraint>"
                        + sent
                        + "</LocationConstraint></CreateBucketConfiguration>")));
  }

  @Test
  @DisplayName("Without a hint (or with 'auto') the bucket is created with no body: R2 places it")
  void automaticLocation() {
    WM.stubFor(put(urlEqualTo(NEW)).willReturn(ok()));
    try (Store store = WireR2.open(WM)) {
      assertThat(store.buckets().create("new-bucket").region()).contains("auto");
      store.buckets().create("new-bucket", "auto");
    }
    assertThat(WM.findAll(putRequestedFor(urlEqualTo(NEW))))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getBody()).isEmpty());
  }

  @Test
  @DisplayName("An AWS region name is refused before any request, listing R2's location hints")
  void awsRegionRefused() {
    try (Store store = WireR2.open(WM)) {
      assertThat(invalid(store, "new-bucket", "eu-west-1").getMessage())
          .contains("wnam, enam, weur, eeur, apac, oc");
    }
    WM.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName("Listing buckets returns every bucket the token can see")
  void list() {
    WM.stubFor(
        get(urlEqualTo("/"))
            .willReturn(
                WireR2.xml(
                    "<ListAllMyBucketsResult xmlns=\""
                        + WireR2.NS
                        + "\"><Buckets><Bucket><Name>shop</Name>"
                        + "<CreationDate>2025-01-02T03:04:05.000Z</CreationDate></Bucket>"
                        + "<Bucket><Name>shop-eu</Name>"
                        + "<CreationDate>2025-02-03T04:05:06.000Z</CreationDate></Bucket>"
                        + "</Buckets><Owner><ID>x</ID></Owner></ListAllMyBucketsResult>")));
    try (Store store = WireR2.open(WM)) {
      assertThat(store.buckets().list())
          .extracting(BucketInfo::name)
          .containsExactly("shop", "shop-eu");
    }
  }

  @Test
  @DisplayName("A token that may not list buckets gets a hint naming the Admin permission")
  void listDenied() {
    WM.stubFor(get(urlEqualTo("/")).willReturn(WireR2.error(403, "AccessDenied", "Access Denied")));
    try (Store store = WireR2.open(WM)) {
      StorageException e =
          catchThrowableOfType(StorageException.class, () -> store.buckets().list());
      assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED);
      assertThat(e.getMessage()).contains("R2 API token", "Admin Read");
    }
  }
}
