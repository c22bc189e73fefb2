package dev.stowage.r2;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an R2 bucket's data lives by law: no jurisdiction (R2 places it, guided by a location
 * hint), or one of Cloudflare's jurisdictions. It is fixed when the bucket is created, and each has
 * an S3 endpoint of its own: a bucket in the EU jurisdiction is not found at the default endpoint.
 */
public enum R2Jurisdiction {
  /** No jurisdiction: {@code https://<ACCOUNT_ID>.r2.cloudflarestorage.com}. */
  NONE(null),
  /** The European Union: {@code https://<ACCOUNT_ID>.eu.r2.cloudflarestorage.com}. */
  EU("eu"),
  /** FedRAMP: {@code https://<ACCOUNT_ID>.fedramp.r2.cloudflarestorage.com}. */
  FEDRAMP("fedramp"),
  /** The United States: {@code https://<ACCOUNT_ID>.us.r2.cloudflarestorage.com}. */
  US("us");

  /** The domain every R2 S3 endpoint is under. */
  public static final String DOMAIN = "r2.cloudflarestorage.com";

  private final String label;

  R2Jurisdiction(String label) {
    this.label = label;
  }

  /** The name used in settings and host names ({@code eu}), empty for {@link #NONE}. */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /** The S3 API endpoint of an account in this jurisdiction. */
  public URI endpoint(String accountId) {
    return URI.create("https://" + accountId + (label == null ? "" : "." + label) + "." + DOMAIN);
  }

  /**
   * The jurisdiction a setting names: {@code eu}, {@code fedramp} or {@code us} (any case), or
   * {@code default}/{@code none} for none; empty when it names none of these.
   */
  static Optional<R2Jurisdiction> parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty() || v.equals("default") || v.equals("none")) {
      return Optional.of(NONE);
    }
    for (R2Jurisdiction j : values()) {
      if (v.equals(j.label)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return label == null ? "default" : label;
  }
}
