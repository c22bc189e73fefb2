package dev.stowage.s3;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * Connections that never write headers or bytes to Apache HttpClient's {@code
 * org.apache.hc.client5.http.headers} and {@code .wire} loggers. Those print every request header
 * at DEBUG, and S3 requests carry the access key id in {@code Authorization} and a session token in
 * {@code X-Amz-Security-Token}: a host turning on DEBUG logging must not find credentials in its
 * log files. What a request was is still logged, without credentials, by the SDK's {@code
 * software.amazon.awssdk.request} logger.
 */
final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

  static final QuietConnectionFactory INSTANCE = new QuietConnectionFactory();

  private static final AtomicLong COUNTER = new AtomicLong();

  private QuietConnectionFactory() {}

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    QuietConnection connection = new QuietConnection("stowage-s3-" + COUNTER.getAndIncrement());
    if (socket != null) {
      connection.bind(socket);
    }
    return connection;
  }

  /** Apache's connection with its header and wire logging left out. */
  static final class QuietConnection extends DefaultManagedHttpClientConnection {

    QuietConnection(String id) {
      super(id);
    }

    @Override
    public void bind(Socket socket) throws IOException {
      bind(new SocketHolder(socket)); // the parent wraps it in a wire-logging holder at DEBUG
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
      // The parent logs every header here, Authorization included.
    }

    @Override
    protected void onResponseReceived(ClassicHttpResponse response) {
      // The parent logs every response header here.
    }
  }
}
