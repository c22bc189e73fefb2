package dev.stowage.s3;

import dev.stowage.DriverConfig;
import dev.stowage.Store;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link S3SmallHeapDownloadTest}: downloads one object to
 * a file. Arguments: endpoint, region, access key, secret key, bucket, key, target.
 */
final class SmallHeapDownload {

  private SmallHeapDownload() {}

  public static void main(String[] args) {
    DriverConfig config =
        DriverConfig.builder()
            .set(S3DriverProvider.ENDPOINT, args[0])
            .set(S3DriverProvider.REGION, args[1])
            .secret(S3DriverProvider.ACCESS_KEY_ID, args[2])
            .secret(S3DriverProvider.SECRET_ACCESS_KEY, args[3])
            .set(S3DriverProvider.BUCKET, args[4])
            .build();
    try (Store store = Store.open(new S3DriverProvider(), config, TestConfigs.loopback())) {
      long size = store.download(args[5], Path.of(args[6])).size();
      System.out.println("downloaded " + size);
    }
  }
}
