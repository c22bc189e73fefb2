package dev.stowage.s3.sigv4;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Where an S3 API lives: scheme, host and port, a base path (a gateway's {@code /s3}, or empty),
 * and whether buckets go in the path ({@code http://127.0.0.1:9000/bucket/key}) or the host name
 * ({@code https://bucket.s3.region.amazonaws.com/key}). The port is written only when it is not the
 * scheme's default, as SigV4's {@code host} header must be.
 *
 * @param basePath the endpoint's path without a trailing '/' ({@code ""} or {@code "/s3"}), raw
 *     (already percent-encoded as a URL path): requests go to {@code basePath + "/" + ...}
 */
public record S3Endpoint(String scheme, String host, int port, String basePath, boolean pathStyle) {

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
    basePath = basePath == null ? "" : basePath;
    while (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    if (!basePath.isEmpty() && !basePath.startsWith("/")) {
      throw new IllegalArgumentException("basePath must start with '/'");
    }
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    // A bucket cannot prefix an IP address as a host name: such endpoints are always path-style
    // (the AWS SDK decides the same way).
    pathStyle = pathStyle || isIpLiteral(host);
  }

  /** An endpoint at the root of its host. */
  public S3Endpoint(String scheme, String host, int port, boolean pathStyle) {
    this(scheme, host, port, "", pathStyle);
  }

  private static boolean isIpLiteral(String host) {
    return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /**
   * AWS's endpoint for a region, virtual-hosted style, in the region's partition as the AWS SDK
   * knows it: {@code s3.cn-north-1.amazonaws.com.cn}, {@code s3.us-gov-west-1.amazonaws.com},
   * {@code s3.us-iso-east-1.c2s.ic.gov}. A region the SDK does not list takes the partition its
   * name matches (aws by default). us-east-1 (and the pseudo-region aws-global, which signs as
   * us-east-1: see {@link #awsSigningRegion}) keep the global host name {@code s3.amazonaws.com},
   * as the SDK does.
   */
  public static S3Endpoint aws(String region) {
    if (region.equals("us-east-1") || region.equals(AWS_GLOBAL)) {
      return new S3Endpoint("https", "s3.amazonaws.com", -1, false);
    }
    Region r = Region.of(region);
    RegionMetadata metadata = RegionMetadata.of(r);
    String domain = metadata != null ? metadata.domain() : PartitionMetadata.of(r).dnsSuffix();
    return new S3Endpoint("https", "s3." + region + "." + domain, -1, false);
  }

  /**
   * The region a request signs for: the region itself, but us-east-1 for the pseudo-region
   * aws-global (whatever the endpoint), as the AWS SDK signs.
   */
  public static String awsSigningRegion(String region) {
    return region.equals(AWS_GLOBAL) ? "us-east-1" : region;
  }

  private static final String AWS_GLOBAL = "aws-global";

  /**
   * An endpoint override such as {@code http://127.0.0.1:9000} or {@code
   * https://gw.example.com/s3}: its path is kept in front of every request's, as the AWS SDK keeps
   * it.
   */
  public static S3Endpoint of(URI uri, boolean pathStyle) {
    return new S3Endpoint(
        uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath(), pathStyle);
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
