package dev.stowage.examples;

import dev.stowage.ConnectionReport;
import dev.stowage.ObjectInfo;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import dev.stowage.hub.ConnectionSpec;
import dev.stowage.hub.FileRef;
import dev.stowage.hub.HubEntry;
import dev.stowage.hub.HubListRequest;
import dev.stowage.hub.MigrationMode;
import dev.stowage.hub.MigrationPlan;
import dev.stowage.hub.MigrationResult;
import dev.stowage.hub.StorageHub;
import dev.stowage.hub.StoredFile;
import dev.stowage.hub.config.LayeredSettingSources;
import dev.stowage.hub.config.ResolvedSetting;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.s3.EmbeddedS3Server;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The multi-provider part of the demo: a hub with local disk and S3 (the embedded S3 server) side
 * by side, the S3 keys taken from "environment variables" (a map here), uploads through each as the
 * upload target, a listing with provider badges, a disabled connection, and a move of every file
 * from disk to S3 after which the old references still resolve.
 */
final class HubDemo {

  private final PrintStream out;
  private final Consumer<ConnectionReport> printChecks;

  HubDemo(PrintStream out, Consumer<ConnectionReport> printChecks) {
    this.out = out;
    this.printChecks = printChecks;
  }

  void run(Path root) throws IOException {
    out.println("\n== Several providers in one hub ==");
    try (EmbeddedS3Server server = EmbeddedS3Server.start()) {
      // What a host would export; the hub reads STOWAGE_<CONNECTION>_<SETTING>.
      Map<String, String> environment =
          Map.of(
              "STOWAGE_S3_MAIN_ACCESS_KEY_ID", server.accessKey(),
              "STOWAGE_S3_MAIN_SECRET_ACCESS_KEY", server.secretKey());
      try (StorageHub hub =
          StorageHub.builder()
              .settingSources(LayeredSettingSources.builder().environment(environment::get).build())
              .driverContext(
                  DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build())
              .build()) {
        hub.add(
            ConnectionSpec.builder("disk", "local")
                .label("This server's disk")
                .set("root", root.resolve("hub-disk").toAbsolutePath().toString())
                .build());
        hub.add(
            ConnectionSpec.builder("s3-main", "s3")
                .label("Amazon S3 (embedded test server)")
                .set("bucket", server.createBucket("shop-files"))
                .set("endpoint", server.endpoint().toString())
                .set("region", server.region())
                .build());
        out.println("Where s3-main's settings come from:");
        for (ResolvedSetting s : hub.settings("s3-main").settings()) {
          out.printf(
              "  %-18s %-24s %s%s%n",
              s.name(),
              s.shownValue(),
              where(s),
              s.lockedInUi() ? " (locked in the settings page)" : "");
        }

        List<FileRef> onDisk = new ArrayList<>();
        hub.switchUploadTarget("disk");
        onDisk.add(upload(hub, "products/ebook.pdf", "application/pdf").ref());
        onDisk.add(upload(hub, "products/course/lesson 1.mp4", "video/mp4").ref());
        hub.switchUploadTarget("s3-main");
        upload(hub, "products/app-2.0.zip", "application/zip");

        out.println("Every file, with its provider badge:");
        printListing(hub);

        hub.disable("disk");
        try {
          hub.uploadTo("disk", UploadRequest.of("products/new.pdf"), new byte[] {1});
          throw new IllegalStateException("Demo failed: a disabled connection took an upload");
        } catch (StorageException e) {
          out.println("Upload to the disabled disk: " + e.code() + " (" + e.getMessage() + ")");
        }
        out.println(
            "Its files are still served: "
                + onDisk.get(0)
                + " is "
                + hub.stat(onDisk.get(0)).size()
                + " bytes");

        Path journal = root.resolve("hub-move.journal");
        Files.deleteIfExists(journal);
        MigrationResult moved =
            hub.migrate(
                MigrationPlan.builder()
                    .from("disk")
                    .to("s3-main")
                    .prefix("products/")
                    .mode(MigrationMode.MOVE)
                    .journal(journal)
                    .build(),
                p -> p.currentKey().ifPresent(k -> out.println("  moving " + k)));
        out.printf(
            "Moved disk -> s3-main: %d copied and verified, %d failed%n",
            moved.copied(), moved.failed());
        moved.refs().forEach((from, to) -> out.println("  " + from + "  ->  " + to));
        for (FileRef old : onDisk) {
          ObjectInfo info = hub.stat(old);
          out.println("The old reference " + old + " still works: " + info.size() + " bytes");
        }
        out.println("After the move:");
        printListing(hub);
        printChecks.accept(hub.verify("s3-main"));
      }
    }
  }

  /** A settings page's words for where a value came from. */
  private static String where(ResolvedSetting s) {
    return switch (s.origin()) {
      case CODE -> "set in the application's code";
      case ENVIRONMENT -> "from an environment variable";
      case SYSTEM_PROPERTY -> "from a Java system property";
      case CONFIG_FILE -> "from the configuration file";
      case CONNECTION_STORE -> "saved in the settings";
      case DRIVER_DEFAULT -> "default";
      case PROVIDER_CHAIN -> "from the server's own AWS identity";
    };
  }

  private StoredFile upload(StorageHub hub, String key, String type) {
    StoredFile file =
        hub.upload(
            UploadRequest.builder(key).contentType(type).build(),
            ("demo bytes of " + key).getBytes(StandardCharsets.UTF_8));
    out.printf("Uploaded to %-8s %s%n", file.connectionId(), file.ref());
    return file;
  }

  private void printListing(StorageHub hub) {
    try (var entries = hub.listAll(HubListRequest.all())) {
      entries.forEach(
          (HubEntry e) ->
              out.printf(
                  "  [%-5s] %-52s %5d bytes%n", e.badge().label(), e.ref(), e.info().size()));
    }
  }
}
