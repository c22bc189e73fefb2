package dev.stowage.r2;

import java.util.List;
import java.util.Locale;

/**
 * R2's bucket rules: names of 3 to 63 lower-case letters, digits and hyphens (no dots, unlike S3),
 * beginning and ending with a letter or digit; and the location hints CreateBucket takes.
 */
public final class R2Buckets {

  /**
   * The location hints R2 takes when a bucket is created: western and eastern North America,
   * western and eastern Europe, Asia-Pacific, Oceania. R2 places a bucket without one near the
   * first request's origin ({@code auto}).
   */
  public static final List<String> LOCATION_HINTS =
      List.of("wnam", "enam", "weur", "eeur", "apac", "oc");

  /** The location meaning "let R2 choose": no hint is sent. */
  public static final String AUTO = "auto";

  private R2Buckets() {}

  /** The naming rule {@code name} breaks, in words, or null when it keeps them all. */
  public static String nameProblem(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() < 3 || name.length() > 63) {
      return "it is " + name.length() + " characters long; R2 allows 3 to 63";
    }
    if (name.indexOf('.') >= 0) {
      return "it contains '.'; R2 bucket names take lower-case letters, digits and '-' only (no"
          + " dots)";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!alphanumeric(c) && c != '-') {
        if (!name.toLowerCase(Locale.ROOT).equals(name)) {
          return "it contains upper-case letters; only lower-case letters, digits and '-' are"
              + " allowed";
        }
        return "it contains characters other than lower-case letters, digits and '-'";
      }
    }
    if (!alphanumeric(name.charAt(0)) || !alphanumeric(name.charAt(name.length() - 1))) {
      return "it must begin and end with a lower-case letter or a digit";
    }
    return null;
  }

  /**
   * What is wrong with a location for a new bucket, or null when R2 takes it: one of {@link
   * #LOCATION_HINTS} or {@link #AUTO}, in any case.
   */
  static String locationProblem(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    if (l.equals(AUTO) || LOCATION_HINTS.contains(l)) {
      return null;
    }
    return "R2 takes a location hint ("
        + String.join(", ", LOCATION_HINTS)
        + ") or 'auto', not a region name";
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
