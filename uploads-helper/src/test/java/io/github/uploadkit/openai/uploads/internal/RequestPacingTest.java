package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestPacingTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000 * MS; // any origin: the clock's nanoseconds need not start at 0

  private final RequestPacing pacing = new RequestPacing();

  @Test
  void withoutAnyAnnouncementRequestsAreNotPaced() {
    pacing.started(T0);
    pacing.attemptEnded(null, T0 + 5 * MS);
    for (long t = T0 + 5 * MS; t < T0 + 10 * MS; t += MS) {
      assertThat(pacing.nextStart(t)).isEqualTo(t);
      pacing.started(t);
      pacing.attemptEnded(null, t);
    }
    assertThat(pacing.snapshot(T0 + 10 * MS)).isEqualTo(
        new RequestPacing.Snapshot(java.util.Optional.empty(), Duration.ZERO, Duration.ZERO));
  }

  @Test
  void untilTheFirstAttemptEndsOneRequestGoesAtATimeForAtMostASecond() {
    assertThat(pacing.nextStart(T0)).isEqualTo(T0);
    pacing.started(T0);
    assertThat(pacing.nextStart(T0 + MS)).isEqualTo(T0 + 1_000 * MS);
    assertThat(pacing.nextStart(T0 + 1_000 * MS)).isEqualTo(T0 + 1_000 * MS); // then no longer waited for
    pacing.attemptEnded(null, T0 + 3 * MS);
    assertThat(pacing.nextStart(T0 + 3 * MS)).isEqualTo(T0 + 3 * MS);
  }

  @Test
  void theRemainingRequestsAreSpreadEvenlyUntilTheBudgetIsFullAgain() {
    pacing.started(T0);
    // 4 left, full again in 1 s: one start every 1 s / 5 = 200 ms, so that the 4 go before the reset
    pacing.attemptEnded(new AnnouncedBudget(40, 4, Duration.ofSeconds(1)), T0 + 10 * MS);
    assertThat(pacing.nextStart(T0 + 10 * MS)).isEqualTo(T0 + 200 * MS);
    pacing.started(T0 + 200 * MS);
    assertThat(pacing.nextStart(T0 + 200 * MS)).isEqualTo(T0 + 400 * MS);
    assertThat(pacing.snapshot(T0 + 250 * MS)).isEqualTo(new RequestPacing.Snapshot(
        java.util.Optional.of(new AnnouncedBudget(40, 4, Duration.ofSeconds(1))), Duration.ofMillis(200),
        Duration.ofMillis(150)));
  }

  @Test
  void aFullerBudgetPacesLessAndAFullOneNotAtAll() {
    pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 39, Duration.ofMillis(25)), T0 + MS);
    assertThat(pacing.nextStart(T0 + MS)).isEqualTo(T0 + 625_000); // 25 ms / 40
    pacing.attemptEnded(new AnnouncedBudget(40, 40, Duration.ZERO), T0 + 2 * MS);
    assertThat(pacing.nextStart(T0 + 2 * MS)).isEqualTo(T0 + 2 * MS);
  }

  @Test
  void anExhaustedBudgetHoldsRequestsUntilItsResetAndNoLonger() {
    pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 0, Duration.ofMillis(900)), T0 + 5 * MS);
    assertThat(pacing.nextStart(T0 + 5 * MS)).isEqualTo(T0 + 5 * MS + 900 * MS);
    // past the reset the announcement no longer holds
    assertThat(pacing.nextStart(T0 + 906 * MS)).isEqualTo(T0 + 906 * MS);
  }

  @Test
  void theSpacingNeverExceedsTenSeconds() {
    pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(10_000, 0, Duration.ofHours(20)), T0);
    assertThat(pacing.nextStart(T0)).isEqualTo(T0 + RequestPacing.MAX_INTERVAL.toNanos());
    assertThat(pacing.snapshot(T0).interval()).isEqualTo(RequestPacing.MAX_INTERVAL);
  }

  @Test
  void anAnswerWithoutHeadersKeepsTheLastAnnouncement() {
    pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 1, Duration.ofSeconds(1)), T0);
    pacing.attemptEnded(null, T0 + MS);
    assertThat(pacing.nextStart(T0 + MS)).isEqualTo(T0 + 500 * MS);
  }

  @Test
  void theNewestAnnouncementSetsTheSpacingFromTheLastStart() {
    pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 1, Duration.ofSeconds(1)), T0 + MS);
    assertThat(pacing.nextStart(T0 + MS)).isEqualTo(T0 + 500 * MS);
    pacing.attemptEnded(new AnnouncedBudget(40, 19, Duration.ofSeconds(1)), T0 + 2 * MS);
    assertThat(pacing.nextStart(T0 + 2 * MS)).isEqualTo(T0 + 50 * MS);
  }

  /**
   * Eight processes paced by one shared token bucket (40 requests, 40 a second), each with work
   * always waiting and each hearing the budget as its own answers tell it, 5 ms after each start:
   * the bucket is never overdrawn, and together they send at its refill rate.
   */
  @Test
  void eightProcessesSharingABudgetNeverOverdrawItAndKeepItBusy() {
    int processes = 8;
    double capacity = 40;
    double perNano = 40 / 1e9;
    RequestPacing[] paced = new RequestPacing[processes];
    long[] answerAt = new long[processes];
    AnnouncedBudget[] answer = new AnnouncedBudget[processes];
    for (int i = 0; i < processes; i++) {
      paced[i] = new RequestPacing();
      answerAt[i] = Long.MAX_VALUE;
    }
    double tokens = capacity;
    long refilledAt = 0;
    int sent = 0;
    int refused = 0;
    long end = 20_000 * MS;
    for (long now = 0; now < end; now += MS / 4) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
      for (int i = 0; i < processes; i++) {
        if (answerAt[i] <= now) {
          paced[i].attemptEnded(answer[i], now);
          answerAt[i] = Long.MAX_VALUE;
        }
        if (answerAt[i] == Long.MAX_VALUE && paced[i].nextStart(now) <= now) { // one request in flight each
          paced[i].started(now);
          if (tokens >= 1) {
            tokens -= 1;
            sent++;
          } else {
            refused++;
          }
          long remaining = (long) Math.floor(tokens);
          answer[i] = new AnnouncedBudget(40, remaining, Duration.ofNanos((long) ((capacity - tokens) / perNano)));
          answerAt[i] = now + 5 * MS;
        }
      }
    }
    assertThat(refused).isZero();
    assertThat(sent).isBetween((int) (40 * 20 * 0.95), 40 * 20 + 40);
  }
}
