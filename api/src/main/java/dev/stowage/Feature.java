package dev.stowage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a connection is used for. A host says it when it checks a connection ({@link
 * Store#verify(Set)}): a download page's read-only key is checked for reading only, not failed for
 * the uploads it was never meant to do. Drivers that generate least-privilege policies take the
 * same set (the S3 driver's {@code S3Policies}).
 */
public enum Feature {
  /** Download, stat and presigned GET/HEAD links. */
  READ,
  /** List and search. */
  LIST,
  /** Uploads (multipart included), presigned PUT links and browser POST uploads. */
  WRITE,
  /** Delete, batch delete and presigned DELETE links. */
  DELETE,
  /** {@code harden}, applied or as a dry run: the bucket's security settings. */
  HARDEN,
  /** Bucket administration ({@code Store.buckets()}): list and create buckets. */
  BUCKET_ADMIN;

  /** The object features, what {@link Store#verify()} checks: read, list, write and delete. */
  public static final Set<Feature> OBJECTS =
      Collections.unmodifiableSet(EnumSet.of(READ, LIST, WRITE, DELETE));
}
