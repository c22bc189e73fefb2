package dev.stowage.s3;

/** Amazon S3's dialect: every default of {@link S3Dialect}. */
final class AmazonDialect implements S3Dialect {

  static final AmazonDialect INSTANCE = new AmazonDialect();

  private AmazonDialect() {}

  @Override
  public String toString() {
    return "S3Dialect[amazon]";
  }
}
