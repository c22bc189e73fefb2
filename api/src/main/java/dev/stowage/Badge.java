package dev.stowage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a host UI marks which provider holds a file: a short label ("S3"), a colour as {@code
 * #rrggbb}, and a display name ("Amazon S3").
 */
public record Badge(String label, String colour, String displayName) {

  private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

  public Badge {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(displayName, "displayName");
    if (colour == null || !HEX_COLOUR.matcher(colour).matches()) {
      throw new IllegalArgumentException("colour must be #rrggbb, was " + colour);
    }
  }
}
