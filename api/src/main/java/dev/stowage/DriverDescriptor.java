package dev.stowage;

import java.util.Objects;

/** Who a driver is: its id ("s3"), its badge, and a one-line description for settings pages. */
public record DriverDescriptor(String id, Badge badge, String description) {
  public DriverDescriptor {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(badge, "badge");
    description = description == null ? "" : description;
  }

  public String displayName() {
    return badge.displayName();
  }
}
