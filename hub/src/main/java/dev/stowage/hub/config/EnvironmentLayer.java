package dev.stowage.hub.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Environment variables {@code STOWAGE_<ID>_<SETTING>}, looked up by name. The environment is not
 * listed, so a misspelt variable cannot be caught; it is simply never read.
 */
final class EnvironmentLayer implements SettingLayer {

  private final Function<String, String> environment;

  EnvironmentLayer(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public SettingOrigin origin() {
    return SettingOrigin.ENVIRONMENT;
  }

  @Override
  public String where() {
    return "the environment";
  }

  @Override
  public String keyFor(String connectionId, String name) {
    return SettingKeys.envName(connectionId, name);
  }

  @Override
  public String globalKeyFor(String name) {
    return SettingKeys.globalEnvName(name);
  }

  @Override
  public Optional<SourcedValue> connectionValue(String connectionId, String name) {
    return SourcedValue.of(origin(), environment.apply(keyFor(connectionId, name)));
  }

  @Override
  public Optional<SourcedValue> globalValue(String name) {
    return SourcedValue.of(origin(), environment.apply(globalKeyFor(name)));
  }

  @Override
  public Set<String> namesFor(String connectionId) {
    return Set.of();
  }
}
