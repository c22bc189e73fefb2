package dev.stowage.s3.sigv4;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an S3 API lives: scheme, host and port, and whether buckets go in the path ({@code
 * http://127.0.0.1:9000/bucket/key}) or the host name ({@code https://bucket.s3.region.amazonaws
 * .com/key}). The port is written only when it is not the scheme's default, as SigV4's {@code host}
 * header must be.
 */
public record S3Endpoint(String scheme, String host, int port, boolean pathStyle) {

  public S3Endpoint {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host.toLowerCase(Locale.ROOT);
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    // A bucket cannot prefix an IP address as a host name: such endpoints are always path-style
    // (the AWS SDK decides the same way).
    pathStyle = pathStyle || isIpLiteral(host);
  }

  private static boolean isIpLiteral(String host) {
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /**
   * AWS's endpoint for a region, virtual-hosted style. us-east-1 keeps the global host name {@code
   * s3.amazonaws.com}, as the AWS SDK does.
   */
  public static S3Endpoint aws(String region) {
    String host =
        region.equals("us-east-1") ? "s3.amazonaws.com" : "s3." + region + ".amazonaws.com";
    return new S3Endpoint("https", host, -1, false);
  }

  /** An endpoint override such as {@code http://127.0.0.1:9000}. */
  public static S3Endpoint of(URI uri, boolean pathStyle) {
    return new S3Endpoint(uri.getScheme(), uri.getHost(), uri.getPort(), pathStyle);
  }

  /** The host header (and URL authority) for a bucket. */
  public String hostFor(String bucket) {
    String h = pathStyle ? host : bucket + "." + host;
    return port == -1 ? h : h + ":" + port;
  }
}
