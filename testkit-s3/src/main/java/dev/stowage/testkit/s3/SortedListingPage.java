package dev.stowage.testkit.s3;

import dev.stowage.Keys;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.blobstore.SdkResponses;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One page of a listing cut from objects already sorted in UTF-8 byte order, as S3 pages: the keys
 * under the prefix after the marker, each key with the delimiter after the prefix rolled up into
 * its common prefix (counted once against {@code maxKeys}), and the name of the last entry to
 * resume after. Finding the start is a binary search and a rolled-up group is skipped by another,
 * so a page costs its own size, not the bucket's.
 *
 * <p>A marker that is itself a common prefix (the resume point of a page that ended with one) skips
 * that whole group; a marker inside a group (a client's {@code StartAfter}) starts after it, and
 * the group is shown again if keys of it follow, as S3 does.
 */
record SortedListingPage(
    List<S3Object> contents,
    List<CommonPrefix> commonPrefixes,
    String lastName,
    boolean truncated) {

  /**
   * @param sorted every object under a prefix that {@code prefix} starts with, in UTF-8 order
   * @param marker resume after this name; null for the start
   * @param delimiter null or empty for none
   * @param maxKeys null for no limit
   */
  static SortedListingPage cut(
      List<S3Object> sorted, String prefix, String marker, String delimiter, Integer maxKeys) {
    String p = prefix == null ? "" : prefix;
    boolean rollUp = delimiter != null && !delimiter.isEmpty();
    int end = endOfGroup(sorted, p, firstAtOrAfter(sorted, p, false));
    int i = firstAtOrAfter(sorted, p, false);
    if (marker != null) {
      int afterMarker = firstAtOrAfter(sorted, marker, true);
      String markerGroup = rollUp ? group(marker, p, delimiter) : null;
      if (markerGroup != null && markerGroup.equals(marker)) {
        afterMarker = endOfGroup(sorted, marker, afterMarker);
      }
      i = Math.max(i, afterMarker);
    }
    int limit = maxKeys == null ? Integer.MAX_VALUE : maxKeys;
    List<S3Object> contents = new ArrayList<>();
    List<CommonPrefix> prefixes = new ArrayList<>();
    String last = null;
    int taken = 0;
    while (i < end && taken < limit) {
      S3Object o = sorted.get(i);
      String g = rollUp ? group(o.key(), p, delimiter) : null;
      if (g != null) {
        prefixes.add(SdkResponses.commonPrefix(g));
        last = g;
        i = endOfGroup(sorted, g, i);
      } else {
        contents.add(o);
        last = o.key();
        i++;
      }
      taken++;
    }
    // S3 answers MaxKeys=0 with an empty, untruncated page.
    boolean truncated = limit > 0 && i < end;
    return new SortedListingPage(contents, prefixes, last, truncated);
  }

  /** The common prefix {@code key} rolls up into, or null when it has no delimiter after it. */
  private static String group(String key, String prefix, String delimiter) {
    if (!key.startsWith(prefix)) {
      return null;
    }
    int cut = key.indexOf(delimiter, prefix.length());
    return cut < 0 ? null : key.substring(0, cut + delimiter.length());
  }

  /** The first index whose key is at or after ({@code strictly}: after) {@code name}. */
  private static int firstAtOrAfter(List<S3Object> sorted, String name, boolean strictly) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = Keys.compareUtf8(sorted.get(mid).key(), name);
      if (c < 0 || (strictly && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The first index at or after {@code from} whose key does not start with {@code prefix}. Keys
   * with one prefix are adjacent in byte order, so from a start inside (or right before) the run,
   * "starts with" is true and then false: a binary search finds the switch.
   */
  private static int endOfGroup(List<S3Object> sorted, String prefix, int from) {
    int lo = from;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).key().startsWith(prefix)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
