package dev.stowage.testkit.s3;

import java.util.Optional;

/**
 * The bucket sub-resources the embedded server keeps itself, because S3Proxy answers 501 to them:
 * each with its query parameter, the root element of its XML document and the error AWS answers
 * while the bucket has none.
 */
enum BucketSetting {
  PUBLIC_ACCESS_BLOCK(
      "publicAccessBlock",
      "PublicAccessBlockConfiguration",
      "NoSuchPublicAccessBlockConfiguration",
      "The public access block configuration was not found"),
  OWNERSHIP_CONTROLS(
      "ownershipControls",
      "OwnershipControls",
      "OwnershipControlsNotFoundError",
      "The bucket ownership controls were not found"),
  ENCRYPTION(
      "encryption",
      "ServerSideEncryptionConfiguration",
      "ServerSideEncryptionConfigurationNotFoundError",
      "The server side encryption configuration was not found"),
  LIFECYCLE(
      "lifecycle",
      "LifecycleConfiguration",
      "NoSuchLifecycleConfiguration",
      "The lifecycle configuration does not exist"),
  CORS(
      "cors",
      "CORSConfiguration",
      "NoSuchCORSConfiguration",
      "The CORS configuration does not exist");

  private final String parameter;
  private final String rootElement;
  private final String notConfiguredCode;
  private final String notConfiguredMessage;

  BucketSetting(
      String parameter, String rootElement, String notConfiguredCode, String notConfiguredMessage) {
    this.parameter = parameter;
    this.rootElement = rootElement;
    this.notConfiguredCode = notConfiguredCode;
    this.notConfiguredMessage = notConfiguredMessage;
  }

  /** The setting a raw query string names, if it names exactly one sub-resource we keep. */
  static Optional<BucketSetting> named(String rawQuery) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    BucketSetting named = null;
    for (String parameter : rawQuery.split("&")) {
      String name =
          parameter.indexOf('=') < 0 ? parameter : parameter.substring(0, parameter.indexOf('='));
      for (BucketSetting setting : values()) {
        if (setting.parameter.equals(name)) {
          if (named != null) {
            // Two at once ("?cors&lifecycle"): the signed query is sorted, so which one came first
            // is not signed. Not ours to pick: S3Proxy refuses it.
            return Optional.empty();
          }
          named = setting;
        }
      }
    }
    return Optional.ofNullable(named);
  }

  String rootElement() {
    return rootElement;
  }

  String notConfiguredCode() {
    return notConfiguredCode;
  }

  String notConfiguredMessage() {
    return notConfiguredMessage;
  }
}
