package dev.stowage.s3;

import dev.stowage.ObjectInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Builds {@link ObjectInfo} from the SDK's responses. */
final class S3Objects {

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private S3Objects() {}

  static ObjectInfo fromHead(String key, HeadObjectResponse r) {
    return ObjectInfo.builder(key)
        .size(r.contentLength() == null ? 0 : r.contentLength())
        .lastModified(orEpoch(r.lastModified()))
        .contentType(r.contentType())
        .etag(r.eTag())
        .metadata(lowerCase(r.metadata()))
        .contentDisposition(r.contentDisposition())
        .build();
  }

  /** Info for a whole object or a range of it; {@code size} is the whole object's. */
  static ObjectInfo fromGet(String key, GetObjectResponse r, long size) {
    return ObjectInfo.builder(key)
        .size(size)
        .lastModified(orEpoch(r.lastModified()))
        .contentType(r.contentType())
        .etag(r.eTag())
        .metadata(lowerCase(r.metadata()))
        .contentDisposition(r.contentDisposition())
        .build();
  }

  /** Listings carry no content type, metadata or disposition; stat has them. */
  static ObjectInfo fromListing(S3Object o) {
    return ObjectInfo.builder(o.key())
        .size(o.size() == null ? 0 : o.size())
        .lastModified(orEpoch(o.lastModified()))
        .etag(o.eTag())
        .build();
  }

  /**
   * Whether a listed object is a folder marker: zero bytes under a key ending in {@code /}, what
   * the S3 console's "Create folder" (and many sync tools) store to show an empty folder.
   */
  static boolean isFolderMarker(S3Object o) {
    return o.key().endsWith("/") && (o.size() == null || o.size() == 0);
  }

  /** {@code [first, last, total]} from a {@code Content-Range} header, or null. */
  static long[] contentRange(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = CONTENT_RANGE.matcher(header.strip());
    if (!m.matches() || m.group(3).equals("*")) {
      return null;
    }
    return new long[] {
      Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))
    };
  }

  private static Instant orEpoch(Instant instant) {
    return instant == null ? Instant.EPOCH : instant;
  }

  /**
   * S3 sends metadata names in lower case already; other servers may not. A create-only write's
   * {@link WriteToken} is the driver's, not the user's: left out.
   */
  private static Map<String, String> lowerCase(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    metadata.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    out.remove(WriteToken.METADATA_NAME);
    return out;
  }
}
