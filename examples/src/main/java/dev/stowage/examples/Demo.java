package dev.stowage.examples;

import dev.stowage.ConnectionReport;
import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectInfo;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedRequest;
import dev.stowage.SearchRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/**
 * The first-run demo: with nothing configured, stores a few product files with the local driver
 * under {@code ./stowage-data}, lists and searches them, hands out a signed download link and
 * fetches it through the driver's own HTTP handler, uploads through a signed PUT link, shows the
 * connection check and security cards, and deletes a file, printing each step.
 */
public final class Demo {

  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  Demo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "stowage-data");
    new Demo(System.out).run(root);
  }

  /** Runs every step against a local store rooted at {@code root}; fails loudly on a mismatch. */
  void run(Path root) throws IOException, InterruptedException {
    DriverRegistry registry = DriverRegistry.load();
    out.println("Drivers found: " + registry.ids());
    DriverConfig config =
        DriverConfig.builder()
            .set("root", root.toAbsolutePath().toString())
            // An embedded HTTP server on a free loopback port serves the signed links.
            .set("listen", "127.0.0.1:0")
            .secret("signingKey", "demo-signing-key-change-me-0123456789")
            .build();
    try (Store store = registry.open("local", config)) {
      out.println("Opened " + store + " " + store.descriptor().badge());

      byte[] app = new byte[3 * 1024 * 1024];
      new Random(42).nextBytes(app);
      upload(store, "products/app-1.0.zip", app, "application/zip");
      upload(store, "products/app-1.1.zip", app, "application/zip");
      upload(
          store,
          "docs/User Manual.pdf",
          "%PDF-1.7 demo".getBytes(StandardCharsets.UTF_8),
          "application/pdf");
      upload(
          store,
          "docs/release notes.txt",
          "What is new in 1.1".getBytes(StandardCharsets.UTF_8),
          "text/plain; charset=utf-8");

      out.println("\nAll files:");
      store.listAll("").forEach(this::printRow);
      out.println("\nSearch '*.zip':");
      store.searchAll(SearchRequest.glob("*.zip")).forEach(this::printRow);
      out.println("Search 'manual' (any case):");
      store.searchAll(SearchRequest.contains("manual")).forEach(this::printRow);

      PresignedRequest link =
          store.presign(
              PresignRequest.get("products/app-1.0.zip", Duration.ofMinutes(15))
                  .downloadFilename("App 1.0 (Setup).zip")
                  .build());
      out.println("\nSigned download link (15 min): " + link.url());
      HttpResponse<byte[]> got =
          http.send(
              HttpRequest.newBuilder(link.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
      out.printf(
          "Fetched it: HTTP %d, %d bytes, sha256 %s, Content-Disposition: %s%n",
          got.statusCode(),
          got.body().length,
          sha256(got.body()).substring(0, 16),
          got.headers().firstValue("Content-Disposition").orElse("-"));
      require(
          got.statusCode() == 200 && MessageDigest.isEqual(got.body(), app),
          "the signed link did not return the uploaded bytes");

      String tampered = link.url().toString().replace("app-1.0", "app-1.1");
      int status =
          http.send(
                  HttpRequest.newBuilder(java.net.URI.create(tampered)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      out.println("The same link pointed at another file: HTTP " + status);
      require(status == 403, "a tampered link was not refused");

      PresignedRequest put =
          store.presign(
              PresignRequest.put("uploads/customer-upload.txt", Duration.ofMinutes(5))
                  .contentType("text/plain")
                  .build());
      int putStatus =
          http.send(
                  HttpRequest.newBuilder(put.url())
                      .header("Content-Type", "text/plain")
                      .PUT(HttpRequest.BodyPublishers.ofString("uploaded by a browser"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      out.println(
          "Browser-style upload through a signed PUT link: HTTP "
              + putStatus
              + ", stored "
              + store.stat("uploads/customer-upload.txt").size()
              + " bytes");

      ConnectionReport report = store.verify();
      out.println("\nCheck again: " + (report.ok() ? "all good" : "problems found"));
      report
          .checks()
          .forEach(
              c ->
                  out.printf(
                      "  [%s] %s: %s%s%n",
                      c.passed() ? "ok" : "!!",
                      c.name(),
                      c.detail(),
                      c.hint().isEmpty() ? "" : " -> " + c.hint()));

      HardeningReport cards = store.harden(HardeningPolicy.recommended().asDryRun());
      out.println("Security cards (dry run):");
      cards
          .rows()
          .forEach(
              r -> out.printf("  %-34s %-12s %s%n", r.setting().title(), r.status(), r.detail()));

      store.delete("products/app-1.0.zip");
      out.println(
          "\nDeleted products/app-1.0.zip; it exists now: " + store.exists("products/app-1.0.zip"));
      out.println("Files are under " + root.toAbsolutePath());
    }
  }

  private void upload(Store store, String key, byte[] bytes, String type) {
    ObjectInfo info =
        store.upload(
            UploadRequest.builder(key).contentType(type).metadata("source", "demo").build(), bytes);
    out.printf("Uploaded %-28s %9d bytes%n", info.key(), info.size());
  }

  private void printRow(ObjectInfo info) {
    out.printf(
        "  %-30s %9d bytes  %s%n", info.key(), info.size(), info.contentTypeIfKnown().orElse(""));
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Demo failed: " + what);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
