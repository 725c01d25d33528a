package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final long SECOND = 1_000_000_000L;
  private final long start = 5 * SECOND;
  private final RateLimit limit = new RateLimit(16, start);

  @Test
  void startsAtItsMaximumAndUnpaused() {
    assertThat(limit.limit()).isEqualTo(16);
    assertThat(limit.paused(start)).isFalse();
    assertThat(limit.state(start)).isEqualTo(new RateLimit.State(16, 16, 0));
  }

  @Test
  void aRefusalPausesEveryRequestForItsWait() {
    limit.throttled(start, 2 * SECOND);
    assertThat(limit.paused(start + SECOND)).isTrue();
    assertThat(limit.state(start + SECOND).pausedNanos()).isEqualTo(SECOND);
    assertThat(limit.paused(start + 2 * SECOND)).isFalse();
  }

  @Test
  void theFirstRefusalHalvesTheLimitAndALaterBurstTakesAQuarter() {
    limit.throttled(start, SECOND);
    assertThat(limit.limit()).isEqualTo(8);
    limit.throttled(start + SECOND / 2, SECOND); // the same burst: says nothing new
    assertThat(limit.limit()).isEqualTo(8);
    limit.throttled(start + 3 * SECOND, SECOND);
    assertThat(limit.limit()).isEqualTo(6);
  }

  @Test
  void theLimitNeverFallsBelowOne() {
    for (int i = 0; i < 20; i++) {
      limit.throttled(start + i * 10 * SECOND, SECOND);
    }
    assertThat(limit.limit()).isEqualTo(1);
  }

  @Test
  void itGrowsAfterARunOfSuccessesOnlyOnceTenWaitsPassedWithoutARefusal() {
    limit.throttled(start, SECOND);
    long soon = start + 2 * SECOND;
    for (int i = 0; i < 8; i++) {
      limit.succeeded(soon);
    }
    assertThat(limit.limit()).as("probing waits " + RateLimit.PROBE_AFTER_WAITS + " waits").isEqualTo(8);
    long later = start + RateLimit.PROBE_AFTER_WAITS * SECOND;
    for (int i = 0; i < 8; i++) {
      limit.succeeded(later);
    }
    assertThat(limit.limit()).isEqualTo(9);
  }

  @Test
  void itNeverGrowsAboveItsMaximum() {
    for (int i = 0; i < 100; i++) {
      limit.succeeded(start + i);
    }
    assertThat(limit.limit()).isEqualTo(16);
  }
}
