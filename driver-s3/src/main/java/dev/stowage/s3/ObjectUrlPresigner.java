package dev.stowage.s3;

import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;

/**
 * Presigns one object request. The driver knows only this, so the signer behind it ({@link
 * SigV4UrlPresigner}, our own SigV4 code) can be replaced without touching anything else.
 */
interface ObjectUrlPresigner extends AutoCloseable {

  /**
   * A URL for {@code request.method()} on {@code request.key()}, signed at the context clock's
   * "now" and valid for {@code request.ttl()}. The request has passed {@link dev.stowage.Store}'s
   * checks (key, TTL bounds, which options go with which method).
   */
  PresignedRequest presign(PresignRequest request);

  /** A browser form upload policy, signed at the context clock's "now". */
  PresignedPost presignPost(PostPolicyRequest request);

  @Override
  void close();
}
