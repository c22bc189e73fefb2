package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.spi.signing.SignedClaims;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The two API rules: accessors never return null, and every request is built one way. */
class ValueShapeTest {

  private static final Duration TTL = Duration.ofMinutes(5);

  /** Each value with every optional part left out: the case where nulls used to leak. */
  private static List<Object> barestValues() {
    return List.of(
        ObjectInfo.builder("a/b.txt").size(1).lastModified(Instant.EPOCH).build(),
        BucketInfo.builder("bucket").build(),
        Page.of(List.of(), null),
        DeleteResult.Outcome.deleted("k"),
        ListRequest.all(),
        SearchRequest.glob("*.zip"),
        PostPolicyRequest.exactKey("in/a.png", 10, TTL),
        PresignRequest.get("k", TTL),
        UploadRequest.of("k"),
        VerifyRequest.of(EnumSet.of(Feature.READ)),
        HardeningPolicy.recommended(),
        SignedClaims.builder(HttpMethod.GET, "k", Instant.EPOCH).build(),
        new ConnectionReport.Check("name", ConnectionReport.Status.PASSED, null, null),
        new HardeningReport.Row(
            HardeningSetting.OWNER_ONLY_PERMISSIONS, HardeningReport.Status.APPLIED, null));
  }

  @Test
  @DisplayName("No accessor of a public value returns null, even with every optional part absent")
  void noAccessorReturnsNull() throws Exception {
    List<String> nulls = new ArrayList<>();
    for (Object value : barestValues()) {
      for (Method m : value.getClass().getMethods()) {
        if (m.getParameterCount() == 0
            && !Modifier.isStatic(m.getModifiers())
            && m.getReturnType() != void.class
            && m.getDeclaringClass() == value.getClass()) {
          if (m.invoke(value) == null) {
            nulls.add(value.getClass().getSimpleName() + "." + m.getName() + "()");
          }
        }
      }
    }
    assertThat(nulls).isEmpty();
  }

  @Test
  @DisplayName("No value keeps an ...IfKnown()/...IfSet() twin or a withX copy method")
  void oneNamePerValueAndNoWithers() {
    List<String> found = new ArrayList<>();
    for (Object value : barestValues()) {
      for (Method m : value.getClass().getMethods()) {
        String n = m.getName();
        if (n.endsWith("IfKnown") || n.endsWith("IfSet") || n.matches("with[A-Z].*")) {
          found.add(value.getClass().getSimpleName() + "." + n);
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("Shortcuts are ready requests; toBuilder() gives back an equal request to vary")
  void shortcutsAreReadyAndRoundTrip() {
    assertThat(PresignRequest.head("k", TTL).method()).isEqualTo(HttpMethod.HEAD);
    PresignRequest named =
        PresignRequest.get("k", TTL).toBuilder().downloadFilename("a.zip").build();
    assertThat(named.toBuilder().build()).isEqualTo(named).hasSameHashCodeAs(named);
    assertThat(named).isNotEqualTo(PresignRequest.get("k", TTL));
    UploadRequest upload =
        UploadRequest.builder("k").contentType("text/plain").metadata("a", "b").build();
    assertThat(upload.toBuilder().build()).isEqualTo(upload).hasSameHashCodeAs(upload);
    assertThat(PresignRequest.delete("k", TTL).method()).isEqualTo(HttpMethod.DELETE);
    ListRequest list = ListRequest.builder("p/").pageSize(10).cursor("c").build();
    assertThat(list.toBuilder().build()).isEqualTo(list).hasSameHashCodeAs(list);
    assertThat(ListRequest.prefix("p/").cursor()).isEmpty();
    SearchRequest search = SearchRequest.contains("x").toBuilder().caseSensitive(true).build();
    assertThat(search.toBuilder().build()).isEqualTo(search);
    assertThat(search.mode()).isEqualTo(SearchRequest.Mode.SUBSTRING);
    PostPolicyRequest post =
        PostPolicyRequest.keyPrefix("in/", 10, TTL).toBuilder()
            .contentTypePrefix("image/")
            .metadata(Map.of("owner", "42"))
            .build();
    assertThat(post.toBuilder().build()).isEqualTo(post);
    assertThat(post.keyIsPrefix()).isTrue();
    assertThat(post.contentTypePrefix()).contains("image/");
    assertThat(post.serverSideEncryption()).isEmpty();
    VerifyRequest verify =
        VerifyRequest.builder(EnumSet.of(Feature.READ)).readProbeKey("p/app.zip").build();
    assertThat(verify.toBuilder().build()).isEqualTo(verify);
    assertThat(verify.readProbeKey()).contains("p/app.zip");
    HardeningPolicy dry = HardeningPolicy.recommended().toBuilder().dryRun(true).build();
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.toBuilder().dryRun(false).build()).isEqualTo(HardeningPolicy.recommended());
    ObjectInfo info =
        ObjectInfo.builder("a/b.txt")
            .size(3)
            .lastModified(Instant.EPOCH)
            .contentType("text/plain")
            .etag("\"e\"")
            .build();
    assertThat(info.toBuilder().build()).isEqualTo(info).hasSameHashCodeAs(info);
    assertThat(info.contentType()).contains("text/plain");
    assertThat(info.contentDisposition()).isEmpty();
    assertThat(
            DeleteResult.Outcome.failed("k", StorageException.Code.UNAVAILABLE, "down").message())
        .contains("down");
  }
}
