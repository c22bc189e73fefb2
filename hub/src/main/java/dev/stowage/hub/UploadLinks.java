package dev.stowage.hub;

import dev.stowage.HttpMethod;
import dev.stowage.Keys;
import dev.stowage.ObjectInfo;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that bypass the hub: signed PUT links and browser form (POST policy) uploads to the
 * upload target, and the confirmation that records the file once the browser has sent it, so it
 * becomes a file the hub knows like one uploaded through it.
 */
final class UploadLinks {

  private static final Logger log = LoggerFactory.getLogger(UploadLinks.class);

  private final HubFiles files;

  UploadLinks(HubFiles files) {
    this.files = files;
  }

  PresignedUpload presignUpload(PresignRequest put) {
    if (put.method() != HttpMethod.PUT) {
      throw StorageException.of(
          Code.INVALID_ARGUMENT,
          "An upload link is a PUT; links to read or delete a file are signed through its"
              + " reference (presign(ref, request))");
    }
    requireReferenceable(put.key());
    String target = files.target();
    try (Lease lease = files.uploadLease(target, put.key())) {
      requireSupported(
          lease.store().capabilities().canPresign(HttpMethod.PUT), target, "signed PUT links");
      FileRef ref = FileRef.of(target, put.key(), lease.location());
      files.refuseRedirected(ref);
      PresignedRequest link = lease.store().presign(put);
      log.debug("Signed an upload link for {}", ref);
      return new PresignedUpload(ref, link);
    }
  }

  PresignedPostUpload presignPost(PostPolicyRequest policy) {
    if (!policy.keyIsPrefix()) {
      requireReferenceable(policy.key());
    }
    String target = files.target();
    try (Lease lease = files.uploadLease(target, policy.key())) {
      if (!policy.keyIsPrefix()) {
        files.refuseRedirected(FileRef.of(target, policy.key(), lease.location()));
      }
      requireSupported(
          lease.store().capabilities().presignPost(), target, "browser form uploads (POST)");
      PresignedPost post = lease.store().presignPost(policy);
      log.debug(
          "Signed a form upload to connection '{}' location {} (up to {} bytes)",
          target,
          lease.location(),
          policy.maxBytes());
      return new PresignedPostUpload(
          target, lease.location(), policy.key(), policy.keyIsPrefix(), post);
    }
  }

  /** Records the file the browser uploaded at {@code ref}; {@code NOT_FOUND} if it is not there. */
  StoredFile confirmUpload(FileRef ref) {
    // Before the stat: an upload at a redirected reference is not recorded (the link or form was
    // signed before the move, or by hand), so the old reference keeps leading to the moved file.
    files.refuseRedirected(ref);
    try (Lease lease = files.lease(ref)) {
      ObjectInfo info;
      try {
        info = lease.store().stat(ref.key());
      } catch (StorageException e) {
        if (e.code() != Code.NOT_FOUND) {
          throw e;
        }
        throw StorageException.builder(
                Code.NOT_FOUND,
                "Nothing was uploaded at "
                    + ref
                    + ": the link or form was not used, or its upload failed")
            .key(Keys.printable(ref.key()))
            .build();
      }
      StoredFile stored = files.record(ref, info, Optional.empty(), lease);
      log.debug("Confirmed the upload of {}", ref);
      return stored;
    }
  }

  private static void requireReferenceable(String key) {
    if (!FileRef.canReference(key)) {
      throw StorageException.builder(
              Code.INVALID_ARGUMENT,
              "A file reference cannot name this key (a leading '/', or a '.' or '..' segment)")
          .key(Keys.printable(key))
          .build();
    }
  }

  private static void requireSupported(boolean supported, String connectionId, String what) {
    if (!supported) {
      throw StorageException.of(
          Code.UNSUPPORTED,
          "The upload target '"
              + connectionId
              + "' does not offer "
              + what
              + " (see capabilities(\""
              + connectionId
              + "\"))");
    }
  }
}
