package dev.stowage;

import dev.stowage.StorageException.Code;
import dev.stowage.spi.StorageDriver;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * How a {@link Store} reports failures: whatever a driver throws becomes a {@link StorageException}
 * with a code, this store's driver id, bucket and key, and no secret of its configuration in the
 * message.
 */
final class StoreErrors {

  private final String driverId;
  private final StorageDriver driver;
  private final DriverConfig config;

  StoreErrors(String driverId, StorageDriver driver, DriverConfig config) {
    this.driverId = driverId;
    this.driver = driver;
    this.config = config;
  }

  /** Runs a driver call, turning whatever it throws into a redacted StorageException. */
  <T> T call(String key, Supplier<T> op) {
    try {
      return op.get();
    } catch (StorageException e) {
      throw normalise(e, key);
    } catch (UncheckedIOException e) {
      throw normalise(
          StorageException.builder(Code.UNAVAILABLE, "I/O failure: " + e.getCause().getMessage())
              .cause(e)
              .build(),
          key);
    } catch (RuntimeException e) {
      throw normalise(
          StorageException.builder(Code.UNEXPECTED, "Driver failure: " + e).cause(e).build(), key);
    }
  }

  /** Runs a driver call that returns nothing. */
  void run(String key, Runnable op) {
    call(
        key,
        () -> {
          op.run();
          return null;
        });
  }

  StorageException error(Code code, String message, String key) {
    return normalise(StorageException.of(code, message), key);
  }

  StorageException unsupported(String what, String key) {
    return error(Code.UNSUPPORTED, "Driver '" + driverId + "' does not support " + what, key);
  }

  /** {@code e} with this store's driver, bucket and {@code key} where it names none. */
  StorageException normalise(StorageException e, String key) {
    return normalise(e, driverId, driver.location(), key, config);
  }

  /** A text for a report, without the configuration's secrets. */
  String redact(String text) {
    return Redaction.redact(text, config.secrets());
  }

  static StorageException normalise(
      StorageException e, String driverId, String location, String key, DriverConfig config) {
    StorageException out =
        StorageException.builder(e.code(), Redaction.redact(e.getMessage(), config.secrets()))
            .cause(e.getCause())
            .retryable(e.retryable())
            .driverId(e.driverId() != null ? e.driverId() : driverId)
            .bucket(e.bucket() != null ? e.bucket() : location)
            .key(e.key() != null ? e.key() : key == null ? null : Keys.printable(key))
            .requestId(e.requestId())
            .build();
    out.setStackTrace(e.getStackTrace());
    return out;
  }
}
