package dev.stowage.testkit.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.stowage.Keys;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.SdkResponses;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists in AWS's order. S3Proxy's filesystem store sorts keys with {@code String.compareTo}, which
 * compares UTF-16 units and puts U+FF61 after U+1F600; S3 sorts by UTF-8 bytes, which is code point
 * order. A driver cannot repair that across pages, so the embedded server does, and the kit's order
 * test holds it to S3's rule.
 *
 * <p>The filesystem store builds every listing from the whole prefix anyway (it walks the
 * directories), so asking it for everything and paging here costs nothing more. Continuation tokens
 * are the last key returned, base64url-encoded (opaque, as AWS's are). Only ListObjectsV2 is
 * re-ordered.
 */
final class Utf8OrderBlobStore extends ForwardingBlobStore {

  private static final Comparator<String> UTF8 = Keys::compareUtf8;

  Utf8OrderBlobStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    String marker =
        request.continuationToken() != null
            ? fromToken(request.continuationToken())
            : request.startAfter();
    ListObjectsV2Response all =
        delegate()
            .list(
                request.toBuilder().continuationToken(null).startAfter(null).maxKeys(null).build());
    List<Entry> entries = new ArrayList<>();
    all.contents().forEach(o -> entries.add(new Entry(o.key(), o, null)));
    all.commonPrefixes().forEach(p -> entries.add(new Entry(p.prefix(), null, p)));
    entries.sort(Comparator.comparing(Entry::name, UTF8));
    if (marker != null) {
      entries.removeIf(e -> UTF8.compare(e.name(), marker) <= 0);
    }
    String next = null;
    Integer maxKeys = request.maxKeys();
    if (maxKeys != null && entries.size() > maxKeys) {
      entries.subList(maxKeys, entries.size()).clear();
      next = maxKeys == 0 ? null : toToken(entries.get(maxKeys - 1).name());
    }
    List<S3Object> contents = new ArrayList<>();
    List<CommonPrefix> prefixes = new ArrayList<>();
    for (Entry e : entries) {
      if (e.object() != null) {
        contents.add(e.object());
      } else {
        prefixes.add(e.prefix());
      }
    }
    return SdkResponses.objectsPage(contents, prefixes, next);
  }

  /**
   * An opaque continuation token, as AWS's are: the last key in base64url. A raw key would go into
   * the XML answer as it is, and a key with a control character cannot be written in XML 1.0.
   */
  private static String toToken(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(UTF_8));
  }

  private static String fromToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Exceptions.invalidArgument("The continuation token provided is incorrect");
    }
  }

  private record Entry(String name, S3Object object, CommonPrefix prefix) {}
}
