package io.github.uploadkit.openai.uploads.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses the tool's sizes ({@code 32MiB}, {@code 8MB}, {@code 1048576}) and durations ({@code 3600}, {@code 2h}, {@code 7d}). */
final class Converters {
  private static final Pattern SIZE = Pattern.compile("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|mb|gb|kib|mib|gib|k|m|g)?\\s*");
  private static final Pattern DURATION = Pattern.compile("(?i)\\s*([0-9]+)\\s*(s|m|h|d)?\\s*");

  private Converters() {
  }

  /** A byte count with an optional unit: KB, MB, GB are powers of 1000; K, KiB, M, MiB, G, GiB of 1024. */
  static final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value);
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a size: give bytes (67108864) or a"
            + " number with a unit, KB, MB, GB (1000s) or KiB, MiB, GiB (1024s), for example 32MiB");
      }
      String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
      long multiplier = switch (unit) {
        case "kb" -> 1000L;
        case "mb" -> 1000L * 1000;
        case "gb" -> 1000L * 1000 * 1000;
        case "k", "kib" -> 1024L;
        case "m", "mib" -> 1024L * 1024;
        case "g", "gib" -> 1024L * 1024 * 1024;
        default -> 1L;
      };
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
      try {
        return bytes.longValueExact();
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of bytes");
      }
    }
  }

  /** Seconds, or a number with s, m, h or d. */
  static final class Expiry implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = DURATION.matcher(value);
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: give seconds (3600)"
            + " or a number with s, m, h or d, for example 2h or 7d");
      }
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      return switch (unit) {
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
  }
}
