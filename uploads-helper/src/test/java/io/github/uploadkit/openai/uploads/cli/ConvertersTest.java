package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConvertersTest {
  final Converters.ByteSize size = new Converters.ByteSize();
  final Converters.Expiry expiry = new Converters.Expiry();

  @Test
  void sizesInBytesDecimalAndBinaryUnits() {
    assertThat(size.convert("1048576")).isEqualTo(1_048_576L);
    assertThat(size.convert("32MiB")).isEqualTo(32L << 20);
    assertThat(size.convert("32m")).isEqualTo(32L << 20);
    assertThat(size.convert("8MB")).isEqualTo(8_000_000L);
    assertThat(size.convert("1.5KiB")).isEqualTo(1536L);
    assertThat(size.convert("2 GiB")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> size.convert("1.5B")).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("'1.5B' is not a whole number of bytes");
    assertThatThrownBy(() -> size.convert("-1")).isInstanceOf(CommandLine.TypeConversionException.class);
  }

  @Test
  void durationsInSecondsOrWithAUnit() {
    assertThat(expiry.convert("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(expiry.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(expiry.convert("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(expiry.convert("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> expiry.convert("1w")).hasMessage("'1w' is not a duration: give seconds (3600) or a number"
        + " with s, m, h or d, for example 2h or 7d");
  }
}
