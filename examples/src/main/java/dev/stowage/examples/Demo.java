package dev.stowage.examples;

import dev.stowage.ConnectionReport;
import dev.stowage.DriverConfig;
import dev.stowage.DriverRegistry;
import dev.stowage.HardeningPolicy;
import dev.stowage.HardeningReport;
import dev.stowage.ObjectInfo;
import dev.stowage.PostPolicyRequest;
import dev.stowage.PresignRequest;
import dev.stowage.PresignedPost;
import dev.stowage.PresignedRequest;
import dev.stowage.SearchRequest;
import dev.stowage.Store;
import dev.stowage.UploadRequest;
import dev.stowage.VerifyRequest;
import dev.stowage.s3.S3Policies;
import dev.stowage.spi.DriverContext;
import dev.stowage.spi.EndpointPolicy;
import dev.stowage.testkit.BrowserForm;
import dev.stowage.testkit.s3.EmbeddedS3Server;
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
 * connection check and security cards, and deletes a file; then does the same shop on S3 against
 * the embedded S3 server, with a browser form upload. Each step is printed.
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
              PresignRequest.get("products/app-1.0.zip", Duration.ofMinutes(15)).toBuilder()
                  .downloadFilename("App 1.0 (Setup).zip")
                  .build());
      out.println("\nSigned download link (15 min): " + link.url());
      HttpResponse<byte[]> got =
          http.send(
              HttpRequest.newBuilder(link.uri()).build(), HttpResponse.BodyHandlers.ofByteArray());
      out.printf(
          "Fetched it: HTTP %d, %d bytes, sha256 %s, Content-Disposition: %s%n",
          got.statusCode(),
          got.body().length,
          sha256(got.body()).substring(0, 16),
          got.headers().firstValue("Content-Disposition").orElse("-"));
      require(
          got.statusCode() == 200 && MessageDigest.isEqual(got.body(), app),
          "the signed link did not return the uploaded bytes");

      String tampered = link.url().replace("app-1.0", "app-1.1");
      int status =
          http.send(
                  HttpRequest.newBuilder(java.net.URI.create(tampered)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      out.println("The same link pointed at another file: HTTP " + status);
      require(status == 403, "a tampered link was not refused");

      PresignedRequest put =
          store.presign(
              PresignRequest.put("uploads/customer-upload.txt", Duration.ofMinutes(5)).toBuilder()
                  .contentType("text/plain")
                  .build());
      int putStatus =
          http.send(
                  HttpRequest.newBuilder(put.uri())
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

      printChecks("\nCheck again", store.verify());

      HardeningReport cards =
          store.harden(HardeningPolicy.recommended().toBuilder().dryRun(true).build());
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
    runS3(registry);
    new HubDemo(out, report -> printChecks("s3-main check again", report)).run(root);
  }

  /** A "Check again" report as a host would show it: one line per check, with its hint. */
  private void printChecks(String title, ConnectionReport report) {
    out.println(title + ": " + (report.ok() ? "all good" : "problems found"));
    for (ConnectionReport.Check c : report.checks()) {
      out.printf(
          "  [%s] %s: %s%s%n",
          switch (c.status()) {
            case PASSED -> "ok";
            case FAILED -> "FAILED";
            case UNCONFIRMED -> "unconfirmed";
            case NOT_NEEDED -> "not needed";
          },
          c.name(),
          c.detail(),
          c.hint().isEmpty() ? "" : " -> " + c.hint());
    }
  }

  /**
   * The same shop on S3, against the embedded S3 server (S3Proxy in this process, signatures
   * checked): upload, a signed download link, a browser form upload with a size limit, the
   * connection check and the security cards.
   */
  void runS3(DriverRegistry registry) throws IOException, InterruptedException {
    try (EmbeddedS3Server server = EmbeddedS3Server.start()) {
      DriverConfig config =
          DriverConfig.builder()
              .set("bucket", server.createBucket("shop-downloads"))
              .set("endpoint", server.endpoint().toString())
              .set("region", server.region())
              .secret("accessKeyId", server.accessKey())
              .secret("secretAccessKey", server.secretKey())
              .build();
      // The embedded server listens on 127.0.0.1: drivers refuse loopback endpoints unless the
      // host allows them, as a MinIO on localhost needs too.
      DriverContext loopback =
          DriverContext.builder().endpointPolicy(EndpointPolicy.allowLoopback()).build();
      try (Store s3 = registry.open("s3", config, loopback)) {
        out.println("\nOpened " + s3 + " " + s3.descriptor().badge());
        out.println("(the embedded S3 server at " + server.endpoint() + ")");
        byte[] app = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(app);
        upload(s3, "products/app-2.0.zip", app, "application/zip");

        PresignedRequest link =
            s3.presign(
                PresignRequest.get("products/app-2.0.zip", Duration.ofMinutes(15)).toBuilder()
                    .downloadFilename("App 2.0.zip")
                    .build());
        out.println("Signed S3 download link (15 min): " + link.url());
        HttpResponse<byte[]> got =
            http.send(
                HttpRequest.newBuilder(link.uri()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        out.printf(
            "Fetched it from S3: HTTP %d, %d bytes, same bytes: %s%n",
            got.statusCode(), got.body().length, MessageDigest.isEqual(got.body(), app));
        require(
            got.statusCode() == 200 && MessageDigest.isEqual(got.body(), app),
            "the S3 link did not return the uploaded bytes");
        String tampered = link.url().replace("app-2.0", "app-2.1");
        int status =
            http.send(
                    HttpRequest.newBuilder(java.net.URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        out.println("The S3 link pointed at another file: HTTP " + status);
        require(status == 403, "a tampered S3 link was not refused");

        PresignedPost form =
            s3.presignPost(
                PostPolicyRequest.keyPrefix("uploads/", 1024 * 1024, Duration.ofMinutes(10)));
        int small = postForm(form, "receipt.txt", "thank you".getBytes(StandardCharsets.UTF_8));
        int large = postForm(form, "huge.bin", new byte[2 * 1024 * 1024]);
        out.println(
            "Browser form upload within the 1 MiB policy: HTTP "
                + small
                + "; over it: HTTP "
                + large
                + "; stored: "
                + s3.listAll("uploads/").map(ObjectInfo::key).toList());

        printChecks("S3 check again", s3.verify());

        // A download page's key may only read (S3Policies.DOWNLOAD_ONLY): checked for what it is
        // for, with a product file as the probe, "Check again" is green without any write.
        DriverConfig downloadOnly =
            config.toBuilder()
                .secret("accessKeyId", server.downloadOnlyAccessKey())
                .secret("secretAccessKey", server.downloadOnlySecretKey())
                .build();
        try (Store downloads = registry.open("s3", downloadOnly, loopback)) {
          printChecks(
              "Download-only key, checked for downloads",
              downloads.verify(
                  VerifyRequest.builder(S3Policies.DOWNLOAD_ONLY)
                      .readProbeKey("products/app-2.0.zip")
                      .build()));
        }
        // The embedded server keeps bucket settings as AWS does: a fresh bucket has none, so the
        // dry run says NOT_SET, applying sets them, and a second look finds them ALREADY_SET.
        out.println("S3 security cards (dry run on a fresh bucket):");
        printCards(s3.harden(HardeningPolicy.recommended().toBuilder().dryRun(true).build()));
        out.println("S3 security cards (applied):");
        printCards(s3.harden(HardeningPolicy.recommended()));
        out.println("S3 security cards (checked again):");
        printCards(s3.harden(HardeningPolicy.recommended().toBuilder().dryRun(true).build()));
      }
    }
  }

  /** One line per security card: the setting and its status. */
  private void printCards(HardeningReport report) {
    report.rows().forEach(r -> out.printf("  %-34s %s%n", r.setting().title(), r.status()));
  }

  /** Posts a form the way a browser would: the policy's fields in order, the file last. */
  private int postForm(PresignedPost post, String fileName, byte[] file)
      throws IOException, InterruptedException {
    BrowserForm form = BrowserForm.of(post.fields(), fileName, "application/octet-stream", file);
    return http.send(form.request(post.uri()), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void upload(Store store, String key, byte[] bytes, String type) {
    ObjectInfo info =
        store.upload(
            UploadRequest.builder(key).contentType(type).metadata("source", "demo").build(), bytes);
    out.printf("Uploaded %-28s %9d bytes%n", info.key(), info.size());
  }

  private void printRow(ObjectInfo info) {
    out.printf("  %-30s %9d bytes  %s%n", info.key(), info.size(), info.contentType().orElse(""));
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
