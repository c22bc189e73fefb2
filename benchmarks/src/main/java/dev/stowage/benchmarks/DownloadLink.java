package dev.stowage.benchmarks;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The download link every presign benchmark mints, so that each side signs the same request: AWS's
 * documentation example keys, a shop's bucket in eu-west-1, a key with spaces and parentheses, a
 * 15-minute TTL and the download name's {@code Content-Disposition}.
 */
final class DownloadLink {

  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String REGION = "eu-west-1";
  static final String BUCKET = "shop-downloads";
  static final String KEY = "products/app 1.0/App Setup (x64).zip";
  static final String FILENAME = "App Setup (x64).zip";

  /** What {@code Store.presign} sends for {@link #FILENAME} (RFC 6266 with filename*). */
  static final String DISPOSITION =
      "attachment; filename=\"App Setup (x64).zip\"; filename*=UTF-8''App%20Setup%20%28x64%29.zip";

  static final Duration TTL = Duration.ofMinutes(15);

  private DownloadLink() {}

  /** The AWS SDK's presigner with the same credentials and region. */
  static S3Presigner sdkPresigner() {
    return S3Presigner.builder()
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }
}
