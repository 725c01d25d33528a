package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestPacingTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 5_000 * MS; // any origin: the clock's nanoseconds need not start at 0

  private final RequestPacing pacing = new RequestPacing();

  @Test
  void withoutAnyAnnouncementNothingIsPaced() {
    for (long t = T0; t < T0 + 5 * MS; t += MS) {
      assertThat(pacing.nextStart(t)).isEqualTo(t);
      pacing.started(t); // none of them answered yet
    }
    pacing.attemptEnded(null, 1, T0 + 5 * MS);
    assertThat(pacing.nextStart(T0 + 5 * MS)).isEqualTo(T0 + 5 * MS);
    assertThat(pacing.snapshot(T0 + 10 * MS))
        .isEqualTo(new RequestPacing.Snapshot(Optional.empty(), -1, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void anAnswerIsWaitedForAtMostASecond() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 20, Duration.ofMillis(500)), first, T0 + MS);
    pacing.started(T0 + 100 * MS);
    assertThat(pacing.nextStart(T0 + 100 * MS)).isEqualTo(T0 + 1_100 * MS);
  }

  @Test
  void whatIsLeftIsSpreadOverTwiceTheTimeUntilTheBudgetIsFullAgain() {
    long first = pacing.started(T0);
    AnnouncedBudget four = new AnnouncedBudget(40, 4, Duration.ofSeconds(1));
    pacing.attemptEnded(four, first, T0 + 10 * MS);
    // 4 left, full again in 1 s: one start every 2 s / 5 = 400 ms
    assertThat(pacing.nextStart(T0 + 10 * MS)).isEqualTo(T0 + 400 * MS);
    assertThat(pacing.snapshot(T0 + 250 * MS)).isEqualTo(
        new RequestPacing.Snapshot(Optional.of(four), 4, Duration.ofMillis(400), Duration.ofMillis(150)));
  }

  @Test
  void requestsStartedAfterTheAnsweredOneCountAgainstWhatIsLeft() {
    pacing.attemptEnded(null, pacing.started(T0), T0 + MS);
    long second = pacing.started(T0 + 2 * MS);
    pacing.started(T0 + 3 * MS);
    // 2 left when the second was answered, and the third went since: 1 left, spread over 2 s
    pacing.attemptEnded(new AnnouncedBudget(40, 2, Duration.ofSeconds(1)), second, T0 + 10 * MS);
    assertThat(pacing.nextStart(T0 + 10 * MS)).isEqualTo(T0 + 3 * MS + 1_000 * MS);
    assertThat(pacing.snapshot(T0 + 10 * MS).left()).isEqualTo(1);
  }

  @Test
  void slowStartLetsOneMoreRequestGoUnansweredForEachAnswer() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 30, Duration.ofMillis(250)), first, T0 + MS);
    long secondAt = pacing.nextStart(T0 + MS);
    assertThat(secondAt).isLessThan(T0 + 20 * MS); // 2 x 250 ms / 31 after the first
    long second = pacing.started(secondAt);
    // one unanswered after the newest announcement, and one answer so far: wait for the next
    assertThat(pacing.nextStart(secondAt)).isEqualTo(secondAt + RequestPacing.ANSWER_WAIT.toNanos());
    pacing.attemptEnded(new AnnouncedBudget(40, 29, Duration.ofMillis(275)), second, secondAt + MS);
    long thirdAt = pacing.nextStart(secondAt + MS);
    pacing.started(thirdAt);
    long fourthAt = pacing.nextStart(thirdAt);
    assertThat(fourthAt - thirdAt).isLessThan(20 * MS); // two answers: two may go unanswered
    pacing.started(fourthAt);
    assertThat(pacing.nextStart(fourthAt)).isEqualTo(fourthAt + RequestPacing.ANSWER_WAIT.toNanos());
  }

  @Test
  void aLargeBudgetDoesNotHoldRequestsForAnswers() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(5000, 4999, Duration.ofMillis(12)), first, T0 + MS);
    long at = T0 + MS;
    for (int i = 0; i < 100; i++) { // slow parts: none answered yet
      at = pacing.nextStart(at);
      pacing.started(at);
    }
    assertThat(at).isLessThan(T0 + 2 * MS); // 2 x 12 ms / 5000 apart, never a wait for an answer
  }

  @Test
  void anOlderAnswerDoesNotReplaceANewerAnnouncement() {
    long first = pacing.started(T0);
    long second = pacing.started(T0 + MS);
    pacing.attemptEnded(new AnnouncedBudget(40, 39, Duration.ofMillis(25)), second, T0 + 2 * MS);
    pacing.attemptEnded(new AnnouncedBudget(40, 0, Duration.ofSeconds(1)), first, T0 + 3 * MS);
    assertThat(pacing.nextStart(T0 + 3 * MS)).isEqualTo(T0 + MS + 1_250_000); // 2 x 25 ms / 40 after the last start
  }

  @Test
  void aFullBudgetIsNotPaced() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 40, Duration.ZERO), first, T0 + MS);
    assertThat(pacing.nextStart(T0 + MS)).isLessThanOrEqualTo(T0 + MS);
  }

  @Test
  void anExhaustedBudgetHoldsRequestsUntilItsReset() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 0, Duration.ofMillis(900)), first, T0 + 5 * MS);
    assertThat(pacing.nextStart(T0 + 5 * MS)).isEqualTo(T0 + 905 * MS);
    assertThat(pacing.nextStart(T0 + 906 * MS)).isLessThanOrEqualTo(T0 + 906 * MS);
  }

  @Test
  void noStartWaitsMoreThanTenSecondsAfterTheOneBefore() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(10_000, 0, Duration.ofHours(20)), first, T0);
    assertThat(pacing.nextStart(T0)).isEqualTo(T0 + RequestPacing.MAX_INTERVAL.toNanos());
    assertThat(pacing.snapshot(T0).interval()).isEqualTo(RequestPacing.MAX_INTERVAL);
  }

  @Test
  void anAnswerWithoutHeadersKeepsTheLastAnnouncement() {
    long first = pacing.started(T0);
    pacing.attemptEnded(new AnnouncedBudget(40, 1, Duration.ofSeconds(1)), first, T0);
    assertThat(pacing.nextStart(T0)).isEqualTo(T0 + 1_000 * MS);
    pacing.attemptEnded(null, first, T0 + MS);
    assertThat(pacing.nextStart(T0 + MS)).isEqualTo(T0 + 1_000 * MS);
  }

  /**
   * Eight processes started in the same instant on one token bucket (40 requests, 40 a second),
   * each with work always waiting and up to 16 requests in flight, each hearing the budget only
   * from its own answers, 50 to 150 ms after each start and out of order: before any answer
   * nothing is paced, so the first 128 requests meet a burst of 40; once each has heard one, none
   * is ever refused, and together they send at the bucket's refill rate.
   */
  @Test
  void eightProcessesStartedTogetherNeverOverdrawASharedBudgetAndKeepItBusy() {
    int processes = 8;
    double capacity = 40;
    double perNano = 40 / 1e9;
    Random random = new Random(22);
    List<RequestPacing> paced = new ArrayList<>();
    List<List<long[]>> inFlight = new ArrayList<>(); // {answered at, ticket, remaining, reset nanos}
    for (int i = 0; i < processes; i++) {
      paced.add(new RequestPacing());
      inFlight.add(new ArrayList<>());
    }
    double tokens = capacity;
    long refilledAt = 0;
    int sent = 0;
    int refused = 0;
    int refusedBeforeAnyAnswer = 0;
    for (long now = 0; now < 20_000 * MS; now += MS / 4) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
      for (int i = 0; i < processes; i++) {
        RequestPacing process = paced.get(i);
        for (Iterator<long[]> it = inFlight.get(i).iterator(); it.hasNext(); ) {
          long[] answer = it.next();
          if (answer[0] <= now) {
            it.remove();
            process.attemptEnded(new AnnouncedBudget(40, answer[2], Duration.ofNanos(answer[3])), answer[1], now);
          }
        }
        while (inFlight.get(i).size() < 16 && process.nextStart(now) <= now) {
          long ticket = process.started(now);
          if (tokens >= 1) {
            tokens -= 1;
            sent++;
          } else if (now == 0) {
            refusedBeforeAnyAnswer++;
          } else {
            refused++;
          }
          inFlight.get(i).add(new long[] {now + (50 + random.nextInt(100)) * MS, ticket, (long) Math.floor(tokens),
              (long) ((capacity - tokens) / perNano)});
        }
      }
    }
    assertThat(refusedBeforeAnyAnswer).isEqualTo(8 * 16 - 40);
    assertThat(refused).isZero();
    assertThat(sent).isGreaterThanOrEqualTo((int) (40 * 20 * 0.95));
  }
}
