package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContentStreamEntityTest {

  private static ContentStreamEntity entity(int actual, long declared) {
    return new ContentStreamEntity(() -> new ByteArrayInputStream(new byte[actual]), declared);
  }

  @Test
  @DisplayName("a body of its declared length is sent whole")
  void exact() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    entity(10, 10).writeTo(out);
    assertThat(out.size()).isEqualTo(10);
  }

  @Test
  @DisplayName("a body shorter or longer than declared fails the request, never stored cut short")
  void wrongLength() {
    assertThatThrownBy(() -> entity(5, 10).writeTo(new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ended after 5 of 10");
    assertThatThrownBy(() -> entity(20, 10).writeTo(new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("longer than its declared 10 bytes");
  }
}
