package dev.stowage.hub;

import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ConnectionReport;
import dev.stowage.DriverRegistry;
import dev.stowage.Feature;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectContent;
import dev.stowage.ObjectInfo;
import dev.stowage.Page;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.hub.config.ResolvedSettings;
import dev.stowage.hub.config.SettingSources;
import dev.stowage.hub.seal.SecretSealer;
import dev.stowage.hub.store.ConnectionRecord;
import dev.stowage.hub.store.ConnectionStore;
import dev.stowage.hub.store.InMemoryConnectionStore;
import dev.stowage.spi.DriverContext;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Several storage connections side by side — say Amazon S3, Cloudflare R2 and local disk — as a
 * host's storage settings screen has them: one is the upload target, each can be disabled (no new
 * uploads, its files still served), edited (keys rotated, another bucket) or removed, and every
 * file is known by a {@link FileRef} that keeps resolving through those edits.
 *
 * <pre>{@code
 * try (StorageHub hub = StorageHub.builder().sealer(sealer).build()) {
 *   hub.add(ConnectionSpec.builder("s3-main", "s3").set("bucket", "shop-downloads").build());
 *   hub.switchUploadTarget("s3-main");
 *   StoredFile file = hub.upload(UploadRequest.of("products/app-1.0.zip"), Path.of("app.zip"));
 *   String keep = file.ref().toString();  // stowage://s3-main/products/app-1.0.zip
 *   hub.presign(FileRef.parse(keep), Duration.ofMinutes(15));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Drivers are opened lazily, one per connection and location, reopened when the
 * settings they need change (re-read from the setting sources at most every {@code
 * refreshInterval}, and on {@link #refresh()}), and closed on remove and on {@link #close()}; a
 * download in flight keeps its store open until its stream is closed.
 */
public final class StorageHub implements AutoCloseable {

  private final ConnectionStore store;
  private final boolean ownsStore;
  private final Connections connections;
  private final HubFiles files;
  private final UploadLinks uploadLinks;
  private final HubListing listing;
  private final OpenStores stores;

  private StorageHub(Builder b) {
    this.ownsStore = b.connectionStore == null;
    this.store = ownsStore ? new InMemoryConnectionStore() : b.connectionStore;
    DriverRegistry registry = b.driverRegistry == null ? DriverRegistry.shared() : b.driverRegistry;
    DriverContext context = b.driverContext == null ? DriverContext.create() : b.driverContext;
    Clock clock = b.clock == null ? context.clock() : b.clock;
    Sealing sealing = new Sealing(b.sealer);
    HubSettings settings =
        new HubSettings(b.settingSources, sealing, registry, clock, b.refreshInterval);
    this.stores = new OpenStores(registry, context);
    this.connections = new Connections(store, settings, sealing, registry, stores, clock);
    this.files = new HubFiles(connections, clock);
    this.uploadLinks = new UploadLinks(files);
    this.listing = new HubListing(connections);
    addDeclared(b.settingSources);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connections declared in the configuration file or environment that the store lacks, with the
   * label the sources give them.
   */
  private void addDeclared(SettingSources sources) {
    sources
        .declaredConnections()
        .forEach(
            (id, provider) -> {
              if (store.connection(id).isEmpty()) {
                try {
                  connections.add(
                      ConnectionSpec.builder(id, provider)
                          .label(sources.declaredLabel(id).orElse(null))
                          .build());
                } catch (StorageException e) {
                  if (e.code() != Code.ALREADY_EXISTS) { // another hub added it first
                    throw e;
                  }
                }
              }
            });
  }

  // ---- connections -----------------------------------------------------------------------------

  /** Every connection, ordered by id. */
  public List<Connection> connections() {
    return store.connections().stream().map(connections::view).toList();
  }

  public Optional<Connection> connection(String id) {
    return store.connection(id).map(connections::view);
  }

  /**
   * Adds a connection. Fails {@code CONFIG_INVALID} for an id that is not a slug, an unknown
   * provider, a setting the provider does not know, a secret given as a plain setting, a required
   * setting found nowhere, or a secret to store without a {@link Builder#sealer sealer}; {@code
   * ALREADY_EXISTS} when the id is taken.
   */
  public Connection add(ConnectionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return connections.add(spec);
  }

  /**
   * Changes what {@code edit} gives. Changing where files go (bucket, region, endpoint, root)
   * starts a new location; earlier references keep reading from theirs. {@code PRECONDITION_FAILED}
   * when someone else changed the connection meanwhile.
   */
  public Connection edit(String id, ConnectionEdit edit) {
    Objects.requireNonNull(edit, "edit");
    return connections.edit(id, edit);
  }

  /** Lets the connection take new uploads again. */
  public Connection enable(String id) {
    return connections.setEnabled(id, true);
  }

  /** Stops new uploads to the connection; its files are still served. */
  public Connection disable(String id) {
    return connections.setEnabled(id, false);
  }

  /**
   * Removes a connection; its stores are closed, and it stops being the upload target. Refused
   * ({@code PRECONDITION_FAILED}) while the hub knows files that still live on it, and also while
   * old references to files moved off it redirect through it (removing it would break them; {@link
   * #disable} keeps them working and takes no uploads).
   */
  public void remove(String id) {
    connections.remove(id, false);
  }

  /**
   * Removes a connection even with files on it or redirects through it: the references of its
   * files, and the old references of files moved off it, then stop resolving ({@code NOT_FOUND}).
   */
  public void remove(String id, boolean force) {
    connections.remove(id, force);
  }

  /** Sends new uploads to this connection; refused for a disabled or unknown one. */
  public void switchUploadTarget(String id) {
    connections.switchUploadTarget(id);
  }

  /**
   * The connection new uploads go to, if one is chosen: the one chosen with {@link
   * #switchUploadTarget}, else the one the setting sources declare ({@code STOWAGE_UPLOAD_TARGET},
   * {@code stowage.uploadTarget}). The store's choice wins once one is made.
   */
  public Optional<String> uploadTarget() {
    return connections.uploadTarget();
  }

  /** The connection's settings as the driver gets them, each with where it came from. */
  public ResolvedSettings settings(String id) {
    return connections.settings().resolve(connections.existing(id));
  }

  /** What the connection's provider can do, so a host offers only that ("copy link"). */
  public Capabilities capabilities(String id) {
    try (Lease lease = currentLease(id)) {
      return lease.store().capabilities();
    }
  }

  /** Reads every connection's settings again at next use instead of after the refresh interval. */
  public void refresh() {
    connections.settings().forgetAll();
  }

  // ---- files -----------------------------------------------------------------------------------

  /** Uploads to the upload target. */
  public StoredFile upload(UploadRequest request, byte[] bytes) {
    return uploadTo(files.target(), request, bytes);
  }

  public StoredFile upload(UploadRequest request, Path file) {
    return uploadTo(files.target(), request, file);
  }

  /** Uploads a stream of unknown length to the upload target; the stream is closed. */
  public StoredFile upload(UploadRequest request, InputStream stream) {
    return upload(request, stream, -1);
  }

  /** Uploads a stream of known length to the upload target; the stream is closed. */
  public StoredFile upload(UploadRequest request, InputStream stream, long length) {
    String target;
    try {
      target = files.target();
    } catch (RuntimeException e) {
      closeQuietly(stream, e);
      throw e;
    }
    return uploadTo(target, request, stream, length);
  }

  /** Uploads to a given connection, which must be enabled. */
  public StoredFile uploadTo(String connectionId, UploadRequest request, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return files.upload(connectionId, request, s -> s.upload(request, bytes), null);
  }

  public StoredFile uploadTo(String connectionId, UploadRequest request, Path file) {
    Objects.requireNonNull(file, "file");
    return files.upload(connectionId, request, s -> s.upload(request, file), null);
  }

  public StoredFile uploadTo(String connectionId, UploadRequest request, InputStream stream) {
    return uploadTo(connectionId, request, stream, -1);
  }

  public StoredFile uploadTo(
      String connectionId, UploadRequest request, InputStream stream, long length) {
    Objects.requireNonNull(stream, "stream");
    return files.upload(connectionId, request, s -> s.upload(request, stream, length), stream);
  }

  /** The file's metadata, from the connection and location holding it, enabled or not. */
  public ObjectInfo stat(FileRef ref) {
    return files.stat(Objects.requireNonNull(ref, "ref"));
  }

  /** The file's bytes; close the result. */
  public ObjectContent download(FileRef ref) {
    return files.download(Objects.requireNonNull(ref, "ref"), null);
  }

  /** Part of the file's bytes; close the result. */
  public ObjectContent download(FileRef ref, ByteRange range) {
    return files.download(Objects.requireNonNull(ref, "ref"), Objects.requireNonNull(range));
  }

  /** A download link valid for {@code ttl}. */
  public PresignedRequest presign(FileRef ref, Duration ttl) {
    Objects.requireNonNull(ref, "ref");
    return files.presign(ref, PresignRequest.get(ref.key(), ttl));
  }

  /**
   * A GET, HEAD or DELETE link for the file; {@code request} names the reference's key ({@code
   * PresignRequest.get(ref.key(), ttl).toBuilder().downloadFilename(...).build()}).
   */
  public PresignedRequest presign(FileRef ref, PresignRequest request) {
    return files.presign(Objects.requireNonNull(ref, "ref"), Objects.requireNonNull(request));
  }

  /** Deletes the file and forgets it; deleting a missing file is not an error. */
  public void delete(FileRef ref) {
    files.delete(Objects.requireNonNull(ref, "ref"));
  }

  /** One page of files, each with its reference and badge. */
  public Page<HubEntry> list(HubListRequest request) {
    return listing.list(Objects.requireNonNull(request, "request"));
  }

  /** Every file the request covers, fetched page by page as the stream is consumed. */
  public Stream<HubEntry> listAll(HubListRequest request) {
    Objects.requireNonNull(request, "request");
    return Page.streamAll(cursor -> list(request.toBuilder().cursor(cursor).build()));
  }

  /** One page of files whose name matches; may be short (even empty) with a cursor. */
  public Page<HubEntry> search(HubSearchRequest request) {
    return listing.search(Objects.requireNonNull(request, "request"));
  }

  public Stream<HubEntry> searchAll(HubSearchRequest request) {
    Objects.requireNonNull(request, "request");
    return Page.streamAll(cursor -> search(request.toBuilder().cursor(cursor).build()));
  }

  // ---- upload links ----------------------------------------------------------------------------

  /**
   * A signed PUT link to the upload target for {@code put}'s key, with the reference the file will
   * have. The browser uploads without the hub, so call {@link #confirmUpload} once it has: then the
   * hub knows the file. Refused like {@link #upload} when there is no target or it is disabled;
   * {@code UNSUPPORTED} when the target's provider signs no PUT links; {@code INVALID_ARGUMENT} for
   * another method than PUT.
   */
  public PresignedUpload presignUpload(PresignRequest put) {
    return uploadLinks.presignUpload(Objects.requireNonNull(put, "put"));
  }

  /**
   * A signed browser form upload to the upload target, which can cap the size ({@link
   * PostPolicyRequest#exactKey}, {@link PostPolicyRequest#keyPrefix}); confirm with {@link
   * #confirmUpload} and {@link PresignedPostUpload#ref(String)} of the key the browser used. {@code
   * UNSUPPORTED} when the target's provider takes no form uploads.
   */
  public PresignedPostUpload presignPost(PostPolicyRequest policy) {
    return uploadLinks.presignPost(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Records a file uploaded through a link or form at {@code ref} (size, type and ETag as the store
   * reports them), so it is known like one uploaded through the hub; {@code NOT_FOUND} when nothing
   * was uploaded there. Confirming again refreshes the record.
   */
  public StoredFile confirmUpload(FileRef ref) {
    return uploadLinks.confirmUpload(Objects.requireNonNull(ref, "ref"));
  }

  // ---- host checks -----------------------------------------------------------------------------

  /**
   * "Check again": the driver's report for what the connection is used for (its intended features;
   * read, list, write and delete when none are set).
   */
  public ConnectionReport verify(String id) {
    ConnectionRecord record = connections.existing(id);
    var features =
        record.intendedFeatures().isEmpty() ? Feature.OBJECTS : record.intendedFeatures();
    return verify(record, VerifyRequest.of(features));
  }

  /** "Check again" with a request of the host's own (a read probe key, other features). */
  public ConnectionReport verify(String id, VerifyRequest request) {
    Objects.requireNonNull(request, "request");
    return verify(connections.existing(id), request);
  }

  /**
   * The driver's report; where the connection cannot even be opened (a secret that does not open, a
   * setting missing from every source), a report whose one failed check says why, since "Check
   * again" is where a host shows what is wrong with a connection.
   */
  private ConnectionReport verify(ConnectionRecord record, VerifyRequest request) {
    Lease lease;
    try {
      lease = connections.lease(record, Connections.CURRENT);
    } catch (StorageException e) {
      if (e.code() != StorageException.Code.CONFIG_INVALID) {
        throw e;
      }
      return new ConnectionReport(
          record.provider(),
          files.clock().instant(),
          List.of(
              ConnectionReport.Check.fail(
                  "Settings",
                  e.getMessage(),
                  "Enter the setting it names again on this connection, or fix it where it comes"
                      + " from (environment, configuration file, master keys).")));
    }
    try (lease) {
      return lease.store().verify(request);
    }
  }

  /** The security cards: a dry run of {@link HardeningPolicy#recommended()}; changes nothing. */
  public HardeningReport securityPosture(String id) {
    return harden(id, HardeningPolicy.recommended().toBuilder().dryRun(true).build());
  }

  /** Applies {@link HardeningPolicy#recommended()} to the connection's bucket or folder. */
  public HardeningReport harden(String id) {
    return harden(id, HardeningPolicy.recommended());
  }

  public HardeningReport harden(String id, HardeningPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    try (Lease lease = currentLease(id)) {
      return lease.store().harden(policy);
    }
  }

  private Lease currentLease(String id) {
    return connections.lease(connections.existing(id), Connections.CURRENT);
  }

  /**
   * Closes every store (a download in flight closes its own when its stream is closed) and the
   * connection store if the hub created it; one given to the builder stays the host's to close.
   */
  @Override
  public void close() {
    stores.close();
    if (ownsStore) {
      store.close();
    }
  }

  private static void closeQuietly(InputStream stream, RuntimeException failure) {
    try {
      stream.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  // ---- migration and adoption (Migration*, Adoption) ------------------------------------------

  /**
   * Runs a migration without progress reporting; see {@link #migrate(MigrationPlan,
   * MigrationListener)}.
   */
  public MigrationResult migrate(MigrationPlan plan) {
    return migrate(plan, MigrationListener.NONE);
  }

  /**
   * Copies or moves what {@code plan} names, object after object, each copy read back and compared
   * (size and SHA-256) before it counts, and before the source of a move is deleted; a moved file's
   * old reference keeps resolving to its copy. With a journal, running the same plan again after a
   * crash or cancel skips what was verified. {@code NOT_FOUND} for an unknown connection, {@code
   * PRECONDITION_FAILED} for a disabled target or a journal written for another plan; failures of
   * single objects are in the result.
   */
  public MigrationResult migrate(MigrationPlan plan, MigrationListener listener) {
    return migrate(plan, listener, MigrationHooks.NONE);
  }

  MigrationResult migrate(MigrationPlan plan, MigrationListener listener, MigrationHooks hooks) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(listener, "listener");
    return new Migration(connections, files, plan, listener, hooks).run();
  }

  /**
   * Objects under {@code prefix} at the connection's current location that the hub does not know
   * (uploaded by other tools), fetched page by page as the stream is consumed; close the stream.
   */
  public Stream<HubEntry> findUnadopted(String connectionId, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new Adoption(connections, files, listing).unadopted(connectionId, prefix);
  }

  /** Gives every object {@link #findUnadopted} finds a reference; returns how many. */
  public long adopt(String connectionId, String prefix) {
    return adopt(connectionId, prefix, file -> {});
  }

  /** As {@link #adopt(String, String)}, handing each adopted file to {@code each}. */
  public long adopt(String connectionId, String prefix, Consumer<StoredFile> each) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(each, "each");
    return new Adoption(connections, files, listing).adoptAll(connectionId, prefix, each);
  }

  /** Gives one existing object the reference {@code ref}; see {@link #adopt(String, String)}. */
  public StoredFile adopt(FileRef ref) {
    return new Adoption(connections, files, listing).adopt(Objects.requireNonNull(ref, "ref"));
  }

  /** Builds a {@link StorageHub}; every setting has a default. */
  public static final class Builder {
    private ConnectionStore connectionStore;
    private SecretSealer sealer;
    private SettingSources settingSources = SettingSources.storeOnly();
    private DriverRegistry driverRegistry;
    private DriverContext driverContext;
    private Clock clock;
    private Duration refreshInterval = Duration.ofSeconds(30);

    private Builder() {}

    /** Where connections, the upload target and the file index live (default: in memory). */
    public Builder connectionStore(ConnectionStore connectionStore) {
      this.connectionStore = Objects.requireNonNull(connectionStore, "connectionStore");
      return this;
    }

    /** Seals secrets kept in the connection store; without one, the store keeps no secret. */
    public Builder sealer(SecretSealer sealer) {
      this.sealer = Objects.requireNonNull(sealer, "sealer");
      return this;
    }

    /** Where settings come from besides the store (default: {@link SettingSources#storeOnly()}). */
    public Builder settingSources(SettingSources settingSources) {
      this.settingSources = Objects.requireNonNull(settingSources, "settingSources");
      return this;
    }

    /** The drivers (default: those on the class path, {@link DriverRegistry#shared()}). */
    public Builder driverRegistry(DriverRegistry driverRegistry) {
      this.driverRegistry = Objects.requireNonNull(driverRegistry, "driverRegistry");
      return this;
    }

    /** The clock and endpoint policy drivers are opened with (default: {@code create()}). */
    public Builder driverContext(DriverContext driverContext) {
      this.driverContext = Objects.requireNonNull(driverContext, "driverContext");
      return this;
    }

    /** The hub's clock for record times and refreshes (default: the driver context's). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long resolved settings are reused before the sources are read again (default 30 s). */
    public Builder refreshInterval(Duration refreshInterval) {
      Objects.requireNonNull(refreshInterval, "refreshInterval");
      if (refreshInterval.isNegative()) {
        throw new IllegalArgumentException("refreshInterval must not be negative");
      }
      this.refreshInterval = refreshInterval;
      return this;
    }

    public StorageHub build() {
      return new StorageHub(this);
    }
  }
}
