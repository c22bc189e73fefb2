package dev.stowage.hub.config;

import dev.stowage.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Values and connections the host gave in code when it built the sources. */
final class ExplicitLayer implements SettingLayer {

  private final Map<String, Map<String, Secret>> settings;
  private final Map<String, String> providers;
  private final Map<String, String> labels;
  private final String uploadTarget;

  /**
   * Every value is held as a {@link Secret} so none prints by accident; whether it is shown masked
   * is the driver schema's decision at resolve.
   */
  ExplicitLayer(
      Map<String, Map<String, Secret>> settings,
      Map<String, String> providers,
      Map<String, String> labels,
      String uploadTarget) {
    Map<String, Map<String, Secret>> copy = new LinkedHashMap<>();
    settings.forEach((id, values) -> copy.put(id, Map.copyOf(values)));
    this.settings = Map.copyOf(copy);
    this.providers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    this.labels = Map.copyOf(labels);
    this.uploadTarget = uploadTarget;
  }

  @Override
  public SettingOrigin origin() {
    return SettingOrigin.CODE;
  }

  @Override
  public String where() {
    return "the host's code";
  }

  @Override
  public String keyFor(String connectionId, String name) {
    return "explicit(\"" + connectionId + "\", \"" + name + "\")";
  }

  @Override
  public String globalKeyFor(String name) {
    return name + "(...)";
  }

  @Override
  public Optional<SourcedValue> connectionValue(String connectionId, String name) {
    if (name.equals(SettingKeys.PROVIDER)) {
      return SourcedValue.of(origin(), providers.get(connectionId));
    }
    if (name.equals(SettingKeys.LABEL)) {
      return SourcedValue.of(origin(), labels.get(connectionId));
    }
    return SourcedValue.of(origin(), settings.getOrDefault(connectionId, Map.of()).get(name));
  }

  @Override
  public Optional<SourcedValue> globalValue(String name) {
    if (name.equals(SettingKeys.CONNECTIONS)) {
      return SourcedValue.of(origin(), String.join(",", providers.keySet()));
    }
    if (name.equals(SettingKeys.UPLOAD_TARGET)) {
      return SourcedValue.of(origin(), uploadTarget);
    }
    return Optional.empty();
  }

  @Override
  public Set<String> namesFor(String connectionId) {
    return settings.getOrDefault(connectionId, Map.of()).keySet();
  }
}
