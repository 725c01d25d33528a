package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnouncedBudgetTest {
  @Test
  void readsTheThreeRequestHeadersOfAnAnswer() {
    assertThat(AnnouncedBudget.from(headers("60", "59", "1s")))
        .contains(new AnnouncedBudget(60, 59, Duration.ofSeconds(1)));
    assertThat(AnnouncedBudget.from(headers("5000", "0", "6m0s")))
        .contains(new AnnouncedBudget(5000, 0, Duration.ofMinutes(6)));
  }

  @Test
  void readsEveryDurationFormatTheApiWrites() {
    assertThat(AnnouncedBudget.duration("12ms")).contains(Duration.ofMillis(12));
    assertThat(AnnouncedBudget.duration("1s")).contains(Duration.ofSeconds(1));
    assertThat(AnnouncedBudget.duration("0s")).contains(Duration.ZERO);
    assertThat(AnnouncedBudget.duration("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(AnnouncedBudget.duration("6m0s")).contains(Duration.ofMinutes(6));
    assertThat(AnnouncedBudget.duration("17m28.8s")).contains(Duration.ofMillis(17 * 60_000 + 28_800));
    assertThat(AnnouncedBudget.duration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(AnnouncedBudget.duration("24h0m0s")).contains(Duration.ofDays(1));
    assertThat(AnnouncedBudget.duration("250us")).contains(Duration.ofNanos(250_000));
    assertThat(AnnouncedBudget.duration("250µs")).contains(Duration.ofNanos(250_000));
    assertThat(AnnouncedBudget.duration("7ns")).contains(Duration.ofNanos(7));
    assertThat(AnnouncedBudget.duration(" 12ms ")).contains(Duration.ofMillis(12));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "1", "12", "s", "ms", "-1s", "+1s", "1.s", ".5s", "1 s", "1S", "1sec", "1d",
      "1s2", "1m-2s", "1e3ms", "0x10s", "NaN", "1,5s", "１s", "24h0m0.001s", "99999999999999h",
      "1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s"})
  void garbageDurationsYieldNothing(String garbage) {
    assertThat(AnnouncedBudget.duration(garbage)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1.0", "1e3", "ten", "0x10", "9999999999999999999", "1 2"})
  void garbageCountsYieldNothing(String garbage) {
    assertThat(AnnouncedBudget.count(garbage)).isEmpty();
  }

  @Test
  void aBudgetHalfReadOrOutOfRangeIsNotTrusted() {
    assertThat(AnnouncedBudget.from(name -> null)).isEmpty();
    assertThat(AnnouncedBudget.from(headers(null, "59", "1s"))).isEmpty();
    assertThat(AnnouncedBudget.from(headers("60", null, "1s"))).isEmpty();
    assertThat(AnnouncedBudget.from(headers("60", "59", null))).isEmpty();
    assertThat(AnnouncedBudget.from(headers("60", "59", "soon"))).isEmpty();
    assertThat(AnnouncedBudget.from(headers("60", "61", "1s"))).isEmpty();
    assertThat(AnnouncedBudget.from(headers("0", "0", "1s"))).isEmpty();
  }

  @Test
  void theTokenHeadersAreNotRead() {
    Map<String, String> tokensOnly = Map.of("x-ratelimit-limit-tokens", "150000",
        "x-ratelimit-remaining-tokens", "149984", "x-ratelimit-reset-tokens", "6m0s");
    assertThat(AnnouncedBudget.from(tokensOnly::get)).isEmpty();
    Map<String, String> both = new HashMap<>(tokensOnly);
    both.putAll(Map.of("x-ratelimit-limit-requests", "60", "x-ratelimit-remaining-requests", "0",
        "x-ratelimit-reset-requests", "1s"));
    assertThat(AnnouncedBudget.from(both::get)).isEqualTo(Optional.of(new AnnouncedBudget(60, 0, Duration.ofSeconds(1))));
  }

  private static java.util.function.UnaryOperator<String> headers(String limit, String remaining, String reset) {
    Map<String, String> map = new HashMap<>();
    map.put("x-ratelimit-limit-requests", limit);
    map.put("x-ratelimit-remaining-requests", remaining);
    map.put("x-ratelimit-reset-requests", reset);
    return map::get;
  }
}
