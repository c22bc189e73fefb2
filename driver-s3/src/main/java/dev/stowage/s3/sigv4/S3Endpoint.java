package dev.stowage.s3.sigv4;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an S3 API lives: scheme, host and port, and whether buckets go in the path ({@code
 * http://127.0.0.1:9000/bucket/key}) or the host name ({@code https://bucket.s3.region.amazonaws
 * .com/key}). The port is written only when it is not the scheme's default, as SigV4's {@code host}
 * header must be.
 */
public record S3Endpoint(String scheme, String host, int port, boolean pathStyle) {

  private static final Pattern VIRTUAL_HOSTABLE_LABEL =
      Pattern.compile("[a-z\\d][a-z\\d-]{1,61}[a-z\\d]");
  private static final Pattern VIRTUAL_HOSTABLE_DOTTED =
      Pattern.compile("[a-z\\d][a-z\\d.-]{1,61}[a-z\\d]");
  private static final Pattern IP_ADDRESS = Pattern.compile("(\\d+\\.){3}\\d+");
  private static final Pattern RUN_OF_DOTS_OR_DASHES = Pattern.compile("[.-]{2}");

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

  /**
   * Whether this bucket goes in the path rather than the host name. Besides path-style endpoints,
   * that is any bucket that is not a plain DNS label (upper case, underscores, under 3 or over 63
   * characters), and over https any bucket with dots, which the endpoint's wildcard TLS certificate
   * does not cover: the AWS SDK's endpoint rules decide the same way.
   */
  public boolean bucketInPath(String bucket) {
    if (pathStyle || VIRTUAL_HOSTABLE_LABEL.matcher(bucket).matches()) {
      return pathStyle;
    }
    boolean dottedOverHttp =
        scheme.equals("http")
            && VIRTUAL_HOSTABLE_DOTTED.matcher(bucket).matches()
            && !IP_ADDRESS.matcher(bucket).matches()
            && !RUN_OF_DOTS_OR_DASHES.matcher(bucket).find();
    return !dottedOverHttp;
  }

  /** The host header (and URL authority) for a bucket. */
  public String hostFor(String bucket) {
    String h = bucketInPath(bucket) ? host : bucket + "." + host;
    return port == -1 ? h : h + ":" + port;
  }
}
