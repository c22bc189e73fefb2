package dev.stowage.s3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.ConnectionReport;
import dev.stowage.DriverConfig;
import dev.stowage.StorageException;
import dev.stowage.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An endpoint that does not speak HTTP: nothing it sends may reach a message or a report. */
class S3MalformedResponseTest {

  private static final String SECRET = "sk_live_51HostileSecretInHeader";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HTTP/1.1 200 OK\r\n" + SECRET + "\r\n\r\n", SECRET + " ready\r\n"})
  @DisplayName("a malformed answer is reported in our words only, in errors and in Check again")
  void nothingEchoed(String answer) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread replier = new Thread(() -> answerEveryone(server, answer));
      replier.setDaemon(true);
      replier.start();
      try (Store store =
          Store.open(
              new S3DriverProvider(),
              DriverConfig.builder()
                  .set(S3DriverProvider.BUCKET, "shop")
                  .set(S3DriverProvider.ENDPOINT, "http://127.0.0.1:" + server.getLocalPort())
                  .secret(S3DriverProvider.ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE")
                  .secret(
                      S3DriverProvider.SECRET_ACCESS_KEY,
                      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
                  .build(),
              TestConfigs.loopback())) {
        StorageException e = catchThrowableOfType(StorageException.class, () -> store.stat("a"));
        assertThat(e).isNotNull();
        assertThat(e.toString()).doesNotContain(SECRET).doesNotContain("Hostile");
        ConnectionReport report = store.verify();
        for (ConnectionReport.Check c : report.checks()) {
          assertThat(c.detail() + " " + c.hint()).doesNotContain(SECRET).doesNotContain("Hostile");
        }
      }
    }
  }

  private static void answerEveryone(ServerSocket server, String answer) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] request = new byte[8192];
        in.read(request); // the request head; its content does not matter
        OutputStream out = s.getOutputStream();
        out.write(answer.getBytes(US_ASCII));
        out.flush();
      } catch (IOException closedOrReset) {
        // next
      }
    }
  }
}
