package dev.stowage.r2;

import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.DeleteResult;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.Keys;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.s3.S3StorageDriver;
import dev.stowage.spi.BucketAdmin;
import dev.stowage.spi.FilenameMatcher;
import dev.stowage.spi.ObjectPage;
import dev.stowage.spi.StorageDriver;
import dev.stowage.spi.UploadSource;
import dev.stowage.spi.signing.PercentCoding;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A connection to one R2 bucket: the S3 core, opened in {@linkplain R2Dialect R2's dialect}, does
 * the work; this adds what only R2 has, the bucket's public URL. Reach it with {@code
 * store.unwrap(R2StorageDriver.class)}. Thread-safe.
 */
public final class R2StorageDriver implements StorageDriver {

  private final S3StorageDriver core;
  private final R2Settings settings;

  R2StorageDriver(S3StorageDriver core, R2Settings settings) {
    this.core = core;
    this.settings = settings;
  }

  /**
   * The object's permanent public link under {@code publicBaseUrl} (the bucket's custom domain or
   * r2.dev subdomain), or empty when none is configured. It is not signed and never expires: it
   * works only while the bucket's public access is on, for every object in it. For private files
   * hand out {@link dev.stowage.Store#presign presigned} links, which R2 serves only on its S3
   * endpoint.
   *
   * @throws dev.stowage.StorageException {@code INVALID_KEY} for a key the strict rule refuses: an
   *     unsigned link with a {@code ..} segment would be resolved by browsers to another path
   */
  @Override
  public Optional<URI> publicUrl(String key) {
    Keys.requireValid(key);
    if (settings.publicBaseUrl() == null) {
      return Optional.empty();
    }
    String base = settings.publicBaseUrl().toString();
    if (!base.endsWith("/")) {
      base += "/";
    }
    return Optional.of(URI.create(base + PercentCoding.encodePath(key)));
  }

  /** The S3 API endpoint this connection talks to. */
  public URI endpoint() {
    return settings.endpoint();
  }

  /** The jurisdiction the bucket is in, as configured. */
  public R2Jurisdiction jurisdiction() {
    return settings.jurisdiction();
  }

  /**
   * The SDK client, configured for R2, for what this driver does not offer. Requests on it bypass
   * the Store; ACL headers are still removed from them.
   */
  public S3Client client() {
    return core.client();
  }

  @Override
  public Capabilities capabilities() {
    return core.capabilities();
  }

  @Override
  public String location() {
    return core.location();
  }

  @Override
  public ObjectInfo upload(UploadRequest request, UploadSource source) {
    return core.upload(request, source);
  }

  @Override
  public ObjectInfo stat(String key) {
    return core.stat(key);
  }

  @Override
  public ObjectContent download(String key, ByteRange range) {
    return core.download(key, range);
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int limit) {
    return core.list(prefix, startAfter, limit);
  }

  @Override
  public ObjectPage search(
      String prefix, FilenameMatcher matcher, String startAfter, int limit, int scanBudget) {
    return core.search(prefix, matcher, startAfter, limit, scanBudget);
  }

  @Override
  public void delete(String key) {
    core.delete(key);
  }

  @Override
  public DeleteResult deleteAll(List<String> keys) {
    return core.deleteAll(keys);
  }

  @Override
  public PresignedRequest presign(PresignRequest request) {
    return core.presign(request);
  }

  /** R2 has no POST policies: always {@code UNSUPPORTED}. */
  @Override
  public PresignedPost presignPost(PostPolicyRequest request) {
    return core.presignPost(request);
  }

  /** List and create buckets, with R2's naming rules and location hints. */
  @Override
  public Optional<BucketAdmin> bucketAdmin() {
    return core.bucketAdmin();
  }

  @Override
  public HardeningReport harden(HardeningPolicy policy) {
    return core.harden(policy);
  }

  @Override
  public ConnectionReport verify(VerifyRequest request) {
    return core.verify(request);
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "R2StorageDriver[account="
        + settings.accountId()
        + ", jurisdiction="
        + settings.jurisdiction()
        + ", bucket="
        + settings.bucket()
        + "]";
  }
}
