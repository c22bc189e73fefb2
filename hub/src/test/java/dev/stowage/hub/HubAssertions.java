package dev.stowage.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.StorageException;
import dev.stowage.StorageException.Code;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shorthand for "fails with this code". */
final class HubAssertions {

  private HubAssertions() {}

  static StorageException failsWith(Code code, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(StorageException.class);
    StorageException e = (StorageException) thrown;
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    return e;
  }
}
