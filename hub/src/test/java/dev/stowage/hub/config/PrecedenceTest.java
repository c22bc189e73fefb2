package dev.stowage.hub.config;

import static dev.stowage.hub.config.ConfigFixtures.env;
import static dev.stowage.hub.config.ConfigFixtures.isolated;
import static dev.stowage.hub.config.ConfigFixtures.schema;
import static dev.stowage.hub.config.ConfigFixtures.writePrivate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.DriverConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** For every pair of sources holding the same setting, the one documented first wins. */
class PrecedenceTest {

  private static final List<SettingOrigin> ORDER =
      List.of(
          SettingOrigin.CODE,
          SettingOrigin.ENVIRONMENT,
          SettingOrigin.SYSTEM_PROPERTY,
          SettingOrigin.CONFIG_FILE,
          SettingOrigin.CONNECTION_STORE,
          SettingOrigin.DRIVER_DEFAULT);

  @TempDir Path dir;

  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (int i = 0; i < ORDER.size(); i++) {
      for (int j = i + 1; j < ORDER.size(); j++) {
        pairs.add(Arguments.of(ORDER.get(i), ORDER.get(j)));
      }
    }
    return pairs.stream();
  }

  static Stream<Arguments> pairsWithoutDefault() {
    return pairs().filter(a -> a.get()[1] != SettingOrigin.DRIVER_DEFAULT);
  }

  @ParameterizedTest(name = "{0} wins over {1}")
  @MethodSource("pairs")
  void plainSettingFromTheHigherSource(SettingOrigin higher, SettingOrigin lower) {
    // region has a driver default (us-east-1), so every pair can be tried.
    ResolvedSettings resolved =
        resolve("region", Map.of(higher, value(higher), lower, value(lower)));

    ResolvedSetting region = resolved.setting("region").orElseThrow();
    assertThat(region.origin()).isEqualTo(higher);
    assertThat(region.shownValue()).isEqualTo(value(higher));
    assertThat(region.secret()).isFalse();
    if (higher != SettingOrigin.DRIVER_DEFAULT) {
      assertThat(resolved.config().value("region")).contains(value(higher));
    }
  }

  @ParameterizedTest(name = "{0} wins over {1}")
  @MethodSource("pairsWithoutDefault")
  void secretFromTheHigherSourceMasked(SettingOrigin higher, SettingOrigin lower) {
    ResolvedSettings resolved =
        resolve("secretAccessKey", Map.of(higher, value(higher), lower, value(lower)));

    ResolvedSetting key = resolved.setting("secretAccessKey").orElseThrow();
    assertThat(key.origin()).isEqualTo(higher);
    assertThat(key.secret()).isTrue();
    assertThat(key.shownValue())
        .isEqualTo("****" + value(higher).substring(value(higher).length() - 4));
    assertThat(resolved.config().secret("secretAccessKey").orElseThrow().reveal())
        .isEqualTo(value(higher));
  }

  /** A different value per source, long enough that its masked form shows its last four. */
  private static String value(SettingOrigin origin) {
    return origin == SettingOrigin.DRIVER_DEFAULT
        ? "us-east-1"
        : "value-from-"
            + origin.name().toLowerCase().replace('_', '-')
            + "-"
            + origin.ordinal()
            + "xyz";
  }

  private ResolvedSettings resolve(String setting, Map<SettingOrigin, String> values) {
    Map<SettingOrigin, String> in = new EnumMap<>(values);
    LayeredSettingSources.Builder sources = isolated();
    if (in.containsKey(SettingOrigin.CODE)) {
      sources.explicit("s3-main", setting, in.get(SettingOrigin.CODE));
    }
    if (in.containsKey(SettingOrigin.ENVIRONMENT)) {
      Map<String, String> env =
          env(SettingKeys.envName("s3-main", setting), in.get(SettingOrigin.ENVIRONMENT));
      sources.environment(env::get);
    }
    if (in.containsKey(SettingOrigin.SYSTEM_PROPERTY)) {
      Properties p =
          ConfigFixtures.properties(
              "stowage.s3-main." + setting, in.get(SettingOrigin.SYSTEM_PROPERTY));
      sources.systemProperties(() -> p);
    }
    if (in.containsKey(SettingOrigin.CONFIG_FILE)) {
      sources.configFile(
          writePrivate(
              dir.resolve("stowage.properties"),
              "stowage.s3-main." + setting + "=" + in.get(SettingOrigin.CONFIG_FILE)));
    }
    DriverConfig.Builder stored = DriverConfig.builder().set("bucket", "stored-bucket");
    if (in.containsKey(SettingOrigin.CONNECTION_STORE)) {
      if (schema("s3").property(setting).orElseThrow().secret()) {
        stored.secret(setting, in.get(SettingOrigin.CONNECTION_STORE));
      } else {
        stored.set(setting, in.get(SettingOrigin.CONNECTION_STORE));
      }
    }
    return sources.build().resolve("s3-main", schema("s3"), stored.build());
  }
}
