package dev.stowage;

/** One security setting {@code harden} can apply and report on: one card in a host's UI. */
public enum HardeningSetting {
  /** All four S3 Block Public Access flags on the bucket. */
  BLOCK_PUBLIC_ACCESS("Block public access"),
  /** Object Ownership = BucketOwnerEnforced: ACLs disabled, the bucket owner owns everything. */
  BUCKET_OWNER_ENFORCED("Bucket owner enforced"),
  /** Default server-side encryption for new objects. */
  DEFAULT_ENCRYPTION("Default encryption"),
  /** A lifecycle rule that aborts incomplete multipart uploads after some days. */
  ABORT_INCOMPLETE_MULTIPART("Clean up stale multipart uploads"),
  /** CORS rules that let browsers upload straight to storage from the given origins. */
  CORS_FOR_BROWSER_UPLOADS("CORS for browser uploads"),
  /** Owner-only permissions on the storage root (0700 directories, 0600 files). */
  OWNER_ONLY_PERMISSIONS("Owner-only file permissions");

  private final String title;

  HardeningSetting(String title) {
    this.title = title;
  }

  /** A short title for a UI card. */
  public String title() {
    return title;
  }
}
