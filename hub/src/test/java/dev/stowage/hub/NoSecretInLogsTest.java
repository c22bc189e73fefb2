package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.ObjectContent;
import dev.stowage.UploadRequest;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub run at DEBUG (adds, uploads, a key rotation, downloads, links, listings, checks, and
 * failures) logs its opens, reopens and routing, and no secret, in any log line or error message.
 */
class NoSecretInLogsTest {

  @RegisterExtension static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

  @TempDir Path dir;

  @Test
  @DisplayName("no secret in any DEBUG log line or error message of a full hub run")
  void noSecretLogged() throws Exception {
    var server = S3.server();
    String signingKey = "local-signing-key-never-logged-0042";
    String wrongSecret = "wrong-secret-never-logged-0123456789abcdef";
    List<String> messages = new ArrayList<>();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (StorageHub hub =
        StorageHub.builder()
            .sealer(new TestSealer())
            .driverContext(
                DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
            .build()) {
      hub.add(
          ConnectionSpec.builder("disk", "local")
              .set("root", dir.toString())
              .set("listen", "127.0.0.1:0")
              .secret("signingKey", signingKey)
              .build());
      hub.add(
          ConnectionSpec.builder("s3-main", "s3")
              .set("bucket", S3.newBucket())
              .set("endpoint", server.endpoint().toString())
              .secret("accessKeyId", server.accessKey())
              .secret("secretAccessKey", server.secretKey())
              .build());
      for (String id : List.of("disk", "s3-main")) {
        hub.switchUploadTarget(id);
        StoredFile f =
            hub.upload(UploadRequest.of("a/b.txt"), "x".getBytes(StandardCharsets.UTF_8));
        try (ObjectContent c = hub.download(f.ref())) {
          c.readAllBytes();
        }
        hub.presign(f.ref(), Duration.ofMinutes(1));
        hub.verify(id);
        messages.add(hub.connection(id).orElseThrow().toString());
        messages.add(hub.settings(id).toString());
      }
      hub.listAll(HubListRequest.all()).forEach(e -> messages.add(e.toString()));
      // A wrong secret: the failure's message must not carry it either.
      hub.edit("s3-main", ConnectionEdit.builder().secret("secretAccessKey", wrongSecret).build());
      Throwable denied = catchThrowable(() -> hub.stat(FileRef.of("s3-main", "a/b.txt")));
      assertThat(denied).isNotNull();
      messages.add(String.valueOf(denied));
      Throwable unsealed =
          catchThrowable(
              () ->
                  StorageHub.builder()
                      .build()
                      .add(
                          ConnectionSpec.builder("x", "local")
                              .set("root", dir.toString())
                              .secret("signingKey", signingKey)
                              .build()));
      messages.add(String.valueOf(unsealed));
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .as("the hub logs at DEBUG")
        .contains("Opened the store of connection 'disk'")
        .contains("Reopened the store of connection 's3-main'")
        .contains("Routing stowage://s3-main/a/b.txt");
    for (String secret : List.of(signingKey, server.accessKey(), server.secretKey(), wrongSecret)) {
      assertThat(log).doesNotContain(secret);
      assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(secret));
    }
  }
}
