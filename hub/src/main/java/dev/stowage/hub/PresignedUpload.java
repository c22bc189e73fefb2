package dev.stowage.hub;

import dev.stowage.PresignedRequest;
import java.util.Objects;

/**
 * A signed PUT link to the upload target: send the file's bytes to {@link #request()} (with its
 * headers) before it expires, then call {@link StorageHub#confirmUpload(FileRef)} with {@link
 * #ref()}, the reference the file has from then on. Its {@code toString} hides the signature.
 */
public record PresignedUpload(FileRef ref, PresignedRequest request) {

  public PresignedUpload {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(request, "request");
  }
}
