package dev.stowage.hub;

import dev.stowage.Keys;
import dev.stowage.PresignedPost;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import java.util.Objects;

/**
 * A signed browser form upload to the upload target: the page posts {@link #post()}'s fields and
 * the file, then the host calls {@link StorageHub#confirmUpload(FileRef)} with {@link #ref(String)}
 * of the key the browser used ({@link #key()} itself, or for a prefix policy the prefix and the
 * file name). The connection and location are those new files went to when the form was signed.
 */
public record PresignedPostUpload(
    String connectionId, int location, String key, boolean keyIsPrefix, PresignedPost post) {

  public PresignedPostUpload {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(post, "post");
  }

  /**
   * The reference of the file the browser uploaded under {@code uploadedKey}; {@code
   * INVALID_ARGUMENT} for a key this form does not allow (another key, or outside the prefix).
   */
  public FileRef ref(String uploadedKey) {
    Objects.requireNonNull(uploadedKey, "uploadedKey");
    boolean allowed = keyIsPrefix ? uploadedKey.startsWith(key) : uploadedKey.equals(key);
    if (!allowed) {
      throw StorageException.builder(
              Code.INVALID_ARGUMENT,
              keyIsPrefix
                  ? "This form uploads only under its key prefix"
                  : "This form uploads only to its own key")
          .key(Keys.printable(uploadedKey))
          .build();
    }
    return FileRef.of(connectionId, uploadedKey, location);
  }
}
