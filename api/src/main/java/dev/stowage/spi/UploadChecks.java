package dev.stowage.spi;

import dev.stowage.Capabilities;
import dev.stowage.StorageException;
import dev.stowage.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The upload rules every driver shares: a content type that is a real media type, metadata names
 * and values that survive as HTTP headers on every provider, header values without line breaks.
 * {@link dev.stowage.Store} applies them before a driver's {@code upload} runs; a driver that takes
 * uploads through a door of its own (a signed PUT served by its HTTP handler) calls them there.
 */
public final class UploadChecks {

  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\\s*;.*)?");
  private static final Pattern METADATA_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  private UploadChecks() {}

  public static void check(UploadRequest request, Capabilities caps) {
    request.contentType().ifPresent(UploadChecks::checkContentType);
    request.contentDisposition().ifPresent(UploadChecks::checkHeaderValue);
    checkMetadata(request.metadata(), caps);
  }

  /** Metadata names and values that survive as HTTP headers on every provider, within limits. */
  public static void checkMetadata(Map<String, String> metadata, Capabilities caps) {
    if (metadata.isEmpty()) {
      return;
    }
    if (!caps.userMetadata()) {
      throw invalid(StorageException.Code.UNSUPPORTED, "This driver does not store user metadata");
    }
    int bytes = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (!METADATA_NAME.matcher(e.getKey()).matches()) {
        throw invalid(
            StorageException.Code.INVALID_ARGUMENT,
            "Metadata name '"
                + e.getKey()
                + "' must be 1-128 lower-case letters, digits, '.', '_' or '-'");
      }
      String v = e.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw invalid(
              StorageException.Code.INVALID_ARGUMENT,
              "Metadata '"
                  + e.getKey()
                  + "' must be printable ASCII (found U+"
                  + String.format("%04X", (int) c)
                  + "); encode other text first");
        }
      }
      bytes += e.getKey().length() + v.getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > caps.maxMetadataBytes()) {
      throw invalid(
          StorageException.Code.INVALID_ARGUMENT,
          "Metadata is " + bytes + " bytes; this provider allows " + caps.maxMetadataBytes());
    }
  }

  public static void checkContentType(String contentType) {
    checkHeaderValue(contentType);
    if (!MEDIA_TYPE.matcher(contentType).matches()) {
      throw invalid(
          StorageException.Code.INVALID_ARGUMENT,
          "Content type '" + contentType + "' is not a media type such as application/zip");
    }
  }

  /** A value that becomes an HTTP header: printable, no line breaks (no header injection). */
  public static void checkHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw invalid(
            StorageException.Code.INVALID_ARGUMENT,
            "Header value contains control character U+" + String.format("%04X", (int) c));
      }
    }
  }

  private static StorageException invalid(StorageException.Code code, String message) {
    return StorageException.of(code, message);
  }
}
