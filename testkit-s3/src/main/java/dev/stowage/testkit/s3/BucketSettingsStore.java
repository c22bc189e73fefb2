package dev.stowage.testkit.s3;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bucket settings documents the embedded server holds, per bucket and setting, in memory: the
 * XML a client PUT, returned as it came (AWS answers the same document).
 */
final class BucketSettingsStore {

  private final Map<String, Map<BucketSetting, byte[]>> buckets = new ConcurrentHashMap<>();

  Optional<byte[]> get(String bucket, BucketSetting setting) {
    Map<BucketSetting, byte[]> settings = buckets.get(bucket);
    return Optional.ofNullable(settings == null ? null : settings.get(setting)).map(byte[]::clone);
  }

  void put(String bucket, BucketSetting setting, byte[] document) {
    buckets.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).put(setting, document.clone());
  }

  void delete(String bucket, BucketSetting setting) {
    Map<BucketSetting, byte[]> settings = buckets.get(bucket);
    if (settings != null) {
      settings.remove(setting);
    }
  }

  /** Forgets a deleted bucket's settings, so a new bucket of the same name starts without any. */
  void forget(String bucket) {
    buckets.remove(bucket);
  }
}
