package io.github.uploadkit.openai.uploads.internal;

import java.util.Locale;

/** Writes byte counts for people: {@code 64 MiB}, {@code 1.5 GiB}. */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {
  }

  public static String describe(long bytes) {
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + " B";
    }
    return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value)) + " " + UNITS[unit];
  }
}
