package dev.stowage.local;

import dev.stowage.Capabilities;
import dev.stowage.DriverConfig;
import dev.stowage.HardeningSetting;
import dev.stowage.HttpMethod;
import dev.stowage.Store;
import dev.stowage.testkit.KitContext;
import dev.stowage.testkit.StorageDriverCompatibilityKit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The whole compatibility kit against the local driver, serving signed URLs itself. */
class LocalDriverCompatibilityTest extends StorageDriverCompatibilityKit {

  @TempDir Path sandbox;

  private static final String SIGNING_KEY = "kit-signing-key-0123456789abcdef";

  @Override
  protected Store openStore(KitContext context) {
    return open(sandbox.resolve("root"), context);
  }

  /**
   * Another root beside the first, the same key and the same base URL (its links point at the first
   * store's server): the snapshot sees both roots.
   */
  @Override
  protected Optional<Store> openSecondStoreSharingSigningKey(
      KitContext context, String publicBaseUrl) {
    return Optional.of(
        context.closeAfterTest(
            Store.open(
                new LocalDriverProvider(),
                DriverConfig.builder()
                    .set("root", sandbox.resolve("other-root").toString())
                    .set("publicBaseUrl", publicBaseUrl)
                    .secret("signingKey", SIGNING_KEY)
                    .build(),
                context.driverContext())));
  }

  /** The shared HMAC signer accepts its parameters only in the order it wrote them. */
  @Override
  protected boolean presignedQueryIsExact() {
    return true;
  }

  private static Store open(Path root, KitContext context) {
    return Store.open(
        new LocalDriverProvider(),
        DriverConfig.builder()
            .set("root", root.toString())
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", SIGNING_KEY)
            .build(),
        context.driverContext());
  }

  /**
   * With signed URLs: presigned GET, PUT, HEAD and DELETE (no POST policies), create-only, ranges,
   * metadata, owner-only permissions and verify; no size limit but the disk's.
   */
  @Override
  protected Capabilities expectedCapabilities() {
    return Capabilities.builder()
        .presignMethods(
            EnumSet.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.HEAD, HttpMethod.DELETE))
        .presignPost(false)
        .createOnly(true)
        .rangedReads(true)
        .userMetadata(true)
        .hardeningSettings(EnumSet.of(HardeningSetting.OWNER_ONLY_PERMISSIONS))
        .verify(true)
        .maxPresignTtl(Duration.ofDays(7))
        .maxKeyBytes(1024)
        .maxSinglePutBytes(Long.MAX_VALUE)
        .maxObjectBytes(Long.MAX_VALUE)
        .maxBatchDelete(1000)
        .maxMetadataBytes(2048)
        .bucketAdmin(false)
        .build();
  }

  /**
   * Every path in the sandbox around the root (so an escape through {@code ..} or a link would show
   * too), with its type, size, content hash and permissions.
   */
  @Override
  protected Optional<Supplier<Object>> backendSnapshot() {
    return Optional.of(() -> snapshot(sandbox));
  }

  private static Object snapshot(Path dir) {
    TreeMap<String, String> entries = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.forEach(p -> entries.put(dir.relativize(p).toString(), describe(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static String describe(Path p) {
    try {
      String perms =
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
      if (Files.isSymbolicLink(p)) {
        return "link " + Files.readSymbolicLink(p);
      }
      if (Files.isDirectory(p)) {
        return "dir " + perms;
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return "file " + perms + " " + Files.size(p) + " " + HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
