package dev.stowage.testkit.s3;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Answers the bucket settings S3Proxy does not implement ({@code ?publicAccessBlock}, {@code
 * ?ownershipControls}, {@code ?encryption}, {@code ?lifecycle}, {@code ?cors}: GET, PUT, DELETE) as
 * AWS does, in front of S3Proxy, which would answer 501 before checking who asks. So this checks
 * the SigV4 signature itself ({@link SigV4HeaderCheck}): a wrong secret gets 403 {@code
 * SignatureDoesNotMatch}, the download-only key 403 {@code AccessDenied}. Every other request goes
 * on to S3Proxy untouched.
 */
final class BucketSettingsFilter implements Filter {

  private static final int MAX_DOCUMENT_BYTES = 1 << 20;
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final BucketSettingsStore store = new BucketSettingsStore();
  private final Map<String, String> secretsByAccessKey;
  private final String adminAccessKey;
  private final Predicate<String> bucketExists;

  /**
   * @param secretsByAccessKey every key pair the server knows
   * @param adminAccessKey the one key allowed to read and change bucket settings
   */
  BucketSettingsFilter(
      Map<String, String> secretsByAccessKey,
      String adminAccessKey,
      Predicate<String> bucketExists) {
    this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    this.adminAccessKey = Objects.requireNonNull(adminAccessKey, "adminAccessKey");
    this.bucketExists = Objects.requireNonNull(bucketExists, "bucketExists");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String bucket = bucketOf(request.getRequestURI());
    Optional<BucketSetting> setting = BucketSetting.named(request.getQueryString());
    if (bucket == null || setting.isEmpty()) {
      chain.doFilter(request, response);
      if (bucket != null
          && "DELETE".equals(request.getMethod())
          && request.getQueryString() == null
          && response.getStatus() == HttpServletResponse.SC_NO_CONTENT) {
        store.forget(bucket);
      }
      return;
    }
    try {
      answer(request, response, bucket, setting.get());
    } catch (S3Error e) {
      writeError(response, e, bucket);
    }
  }

  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      String bucket,
      BucketSetting setting)
      throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("PUT") && !method.equals("DELETE")) {
      throw new S3Error(405, "MethodNotAllowed", "The method is not allowed on this resource");
    }
    byte[] body = readBody(request);
    authenticate(request, body);
    if (!bucketExists.test(bucket)) {
      throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
    }
    switch (method) {
      case "GET" -> {
        byte[] document =
            store
                .get(bucket, setting)
                .orElseThrow(
                    () ->
                        new S3Error(
                            404, setting.notConfiguredCode(), setting.notConfiguredMessage()));
        response.setStatus(200);
        response.setContentType("application/xml");
        response.setContentLength(document.length);
        response.getOutputStream().write(document);
      }
      case "PUT" -> {
        requireDocument(body, setting);
        store.put(bucket, setting, body);
        response.setStatus(200);
        response.setContentLength(0);
      }
      default -> {
        store.delete(bucket, setting);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
    }
  }

  private void authenticate(HttpServletRequest request, byte[] body) {
    Optional<SigV4HeaderCheck.Authorization> parsed =
        SigV4HeaderCheck.Authorization.parse(request.getHeader("Authorization"));
    if (parsed.isEmpty()) {
      throw new S3Error(403, "AccessDenied", "Access Denied");
    }
    SigV4HeaderCheck.Authorization authorization = parsed.get();
    String secret = secretsByAccessKey.get(authorization.accessKey());
    if (secret == null) {
      throw new S3Error(
          403,
          "InvalidAccessKeyId",
          "The AWS Access Key Id you provided does not exist in our records.");
    }
    String amzDate = request.getHeader("x-amz-date");
    String payloadHash = request.getHeader("x-amz-content-sha256");
    if (amzDate == null || payloadHash == null) {
      throw new S3Error(
          400, "InvalidRequest", "Signature Version 4 needs x-amz-date and x-amz-content-sha256");
    }
    checkSkew(amzDate);
    if (payloadHash.startsWith("STREAMING-")) {
      throw new S3Error(501, "NotImplemented", "Chunked bodies are not taken for bucket settings");
    }
    if (!payloadHash.equals("UNSIGNED-PAYLOAD")
        && !(HEX_SHA256.matcher(payloadHash).matches()
            && payloadHash.equals(SigV4HeaderCheck.sha256Hex(body)))) {
      throw new S3Error(
          400,
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    String expected =
        SigV4HeaderCheck.expectedSignature(
            request.getMethod(),
            request.getRequestURI(),
            request.getQueryString(),
            name -> Collections.list(request.getHeaders(name)),
            authorization,
            amzDate,
            payloadHash,
            secret);
    if (!SigV4HeaderCheck.sameSignature(expected, authorization.signature())) {
      throw new S3Error(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.");
    }
    if (!adminAccessKey.equals(authorization.accessKey())) {
      throw new S3Error(403, "AccessDenied", "Access Denied");
    }
    Optional<String> badChecksum = BodyChecksums.mismatch(body, request::getHeader);
    if (badChecksum.isPresent()) {
      throw new S3Error(
          400, "BadDigest", "The " + badChecksum.get() + " you specified did not match the body.");
    }
  }

  private static void checkSkew(String amzDate) {
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new S3Error(403, "AccessDenied", "X-Amz-Date is not in ISO 8601 basic format");
    }
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Error(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.");
    }
  }

  private static byte[] readBody(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > MAX_DOCUMENT_BYTES) {
      throw new S3Error(400, "MaxMessageLengthExceeded", "Your request was too big.");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (body.length > MAX_DOCUMENT_BYTES) {
        throw new S3Error(400, "MaxMessageLengthExceeded", "Your request was too big.");
      }
      return body;
    }
  }

  /** Takes a well-formed document whose root element is the setting's, as S3 parses it. */
  private static void requireDocument(byte[] body, BucketSetting setting) {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      root =
          factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
    } catch (Exception e) {
      throw new S3Error(
          400,
          "MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published"
              + " schema");
    }
    if (!setting.rootElement().equals(root.getLocalName())) {
      throw new S3Error(
          400,
          "MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published"
              + " schema");
    }
  }

  /** The bucket of a bucket-level path-style request ({@code /name} or {@code /name/}), or null. */
  private static String bucketOf(String rawPath) {
    if (rawPath == null || rawPath.length() < 2 || rawPath.charAt(0) != '/') {
      return null;
    }
    String rest =
        rawPath.endsWith("/") ? rawPath.substring(1, rawPath.length() - 1) : rawPath.substring(1);
    return rest.isEmpty() || rest.contains("/") ? null : rest;
  }

  private static void writeError(HttpServletResponse response, S3Error error, String bucket)
      throws IOException {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + error.code
            + "</Code><Message>"
            + error.getMessage()
            + "</Message>"
            // Only a name S3 could have, so nothing from the request is echoed unescaped.
            + (bucket.matches("[a-z0-9.-]{1,63}") ? "<BucketName>" + bucket + "</BucketName>" : "")
            + "<RequestId>"
            + UUID.randomUUID()
            + "</RequestId></Error>";
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    response.setStatus(error.status);
    response.setContentType("application/xml");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** An S3 error answer: status, code, message. */
  private static final class S3Error extends RuntimeException {
    private final int status;
    private final String code;

    S3Error(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
