package dev.stowage.testkit.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The body checksums S3 checks on a request ({@code Content-MD5} and the {@code x-amz-checksum-*}
 * headers), each Base64 of the digest as AWS defines it. Used for the bucket settings documents the
 * embedded server keeps, so a body changed on the way is refused as AWS refuses it.
 */
final class BodyChecksums {

  private static final Map<String, Function<byte[], byte[]>> DIGESTS =
      Map.of(
          "content-md5", body -> digest("MD5", body),
          "x-amz-checksum-crc32", body -> checksum(new CRC32(), body),
          "x-amz-checksum-crc32c", body -> checksum(new CRC32C(), body),
          "x-amz-checksum-sha1", body -> digest("SHA-1", body),
          "x-amz-checksum-sha256", body -> digest("SHA-256", body));

  private BodyChecksums() {}

  /**
   * The first header whose checksum does not match the body, if any.
   *
   * @param header the request's header value by lower-case name, null when absent
   */
  static Optional<String> mismatch(byte[] body, Function<String, String> header) {
    for (Map.Entry<String, Function<byte[], byte[]>> d : DIGESTS.entrySet()) {
      String declared = header.apply(d.getKey());
      if (declared != null
          && !declared
              .trim()
              .equals(Base64.getEncoder().encodeToString(d.getValue().apply(body)))) {
        return Optional.of(d.getKey());
      }
    }
    return Optional.empty();
  }

  private static byte[] checksum(Checksum checksum, byte[] body) {
    checksum.update(body, 0, body.length);
    return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
  }

  private static byte[] digest(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
