package dev.stowage.testkit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded server's own chatter out of the application's log: Jetty's and S3Proxy's
 * start-up lines and per-request INFO lines; their warnings and errors still show (a real failure
 * of the server is worth seeing). A level the application configured for these loggers is never
 * overridden.
 *
 * <p>SLF4J has no API for levels, so this speaks to the two providers people use with a test
 * server: slf4j-simple (through its system properties, read when a logger is first created, which
 * is why this runs before S3Proxy's classes load) and Logback (through its own API, found by
 * reflection so that neither is a dependency). Other providers keep their configuration.
 */
final class QuietServerLogs {

  /** Logger name → the level it gets unless the application chose one. */
  private static final Map<String, String> LEVELS =
      Map.of("org.gaul.s3proxy", "warn", "org.gaul.shaded", "warn", "org.eclipse.jetty", "warn");

  private QuietServerLogs() {}

  static void apply() {
    Properties simpleLoggerFile = simpleLoggerProperties();
    LEVELS.forEach(
        (name, level) -> {
          String property = "org.slf4j.simpleLogger.log." + name;
          if (System.getProperty(property) == null && !simpleLoggerFile.containsKey(property)) {
            System.setProperty(property, level);
          }
          quietLogback(LoggerFactory.getLogger(name), level);
        });
  }

  /** The application's {@code simplelogger.properties}: a level set there is its choice too. */
  private static Properties simpleLoggerProperties() {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        (loader != null ? loader : QuietServerLogs.class.getClassLoader())
            .getResourceAsStream("simplelogger.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException | IllegalArgumentException e) {
      // Unreadable: slf4j-simple will not read it either.
    }
    return properties;
  }

  private static void quietLogback(Logger logger, String level) {
    Class<?> type = logger.getClass();
    if (!type.getName().equals("ch.qos.logback.classic.Logger")) {
      return;
    }
    try {
      if (type.getMethod("getLevel").invoke(logger) != null) {
        return; // configured by the application
      }
      Class<?> levelType =
          Class.forName("ch.qos.logback.classic.Level", true, type.getClassLoader());
      Object value = levelType.getMethod("toLevel", String.class).invoke(null, level);
      Method setLevel = type.getMethod("setLevel", levelType);
      setLevel.invoke(logger, value);
    } catch (ReflectiveOperationException | LinkageError e) {
      // A Logback too different to adjust: its own configuration stays in force.
    }
  }
}
