package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import retrofit2.Call;

/**
 * The scheduler holds requests at the pace of the announced budget and wakes itself when the next
 * may go, on a clock and timer the test moves by hand; a cancel is never held.
 */
class SchedulerPacingTest {
  private static final long MS = 1_000_000L;

  private long now = 9_000 * MS;
  private final List<Runnable> ran = new ArrayList<>();
  private final List<Wake> wakes = new ArrayList<>();
  private final Scheduler scheduler = new Scheduler(16, 1 << 20, ran::add, ran::add,
      (task, delayNanos) -> {
        Wake wake = new Wake(task, now + delayNanos, new CompletableFuture<>());
        wakes.add(wake);
        return wake.future();
      }, new EngineClock() {
        @Override
        public long nanoTime() {
          return now;
        }

        @Override
        public long epochSecond() {
          return now / 1_000_000_000L;
        }
      });

  private record Wake(Runnable task, long at, Future<?> future) {
  }

  @Test
  void requestsWaitForTheFirstAnswerThenForTheAnnouncedBudgetsReset() {
    RetryingRequest<?> first = request(RetryingRequest.Kind.CREATE);
    RetryingRequest<?> second = request(RetryingRequest.Kind.CREATE);
    scheduler.submitControl(first);
    scheduler.submitControl(second);
    assertThat(ran).containsExactly(first); // the second waits for the first answer, at most a second
    assertThat(pendingWake().at()).isEqualTo(now + RequestPacing.ANSWER_WAIT.toNanos());

    now += 10 * MS;
    scheduler.attemptEnded(first, Verdict.stored().announcing(new AnnouncedBudget(40, 0, Duration.ofMillis(500))),
        true, null);
    assertThat(ran).containsExactly(first); // none left: held until the reset, 500 ms on
    assertThat(pendingWake().at()).isEqualTo(now + 500 * MS);

    now += 500 * MS;
    pendingWake().task().run();
    assertThat(ran).containsExactly(first, second);
  }

  @Test
  void aCancelIsNeverHeldByThePace() {
    RetryingRequest<?> create = request(RetryingRequest.Kind.CREATE);
    RetryingRequest<?> held = request(RetryingRequest.Kind.CREATE);
    RetryingRequest<?> cancel = request(RetryingRequest.Kind.CANCEL);
    scheduler.submitControl(create);
    scheduler.attemptEnded(create, Verdict.stored().announcing(new AnnouncedBudget(40, 0, Duration.ofSeconds(5))),
        true, null);
    scheduler.submitControl(held);
    scheduler.submitControl(cancel);
    assertThat(ran).containsExactly(create, cancel);
    assertThat(scheduler.pacingState().delay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void answersWithoutABudgetLeaveRequestsUnpaced() {
    RetryingRequest<?> first = request(RetryingRequest.Kind.CREATE);
    scheduler.submitControl(first);
    scheduler.attemptEnded(first, Verdict.stored(), true, null);
    List<RetryingRequest<?>> more = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      more.add(request(RetryingRequest.Kind.CREATE));
      scheduler.submitControl(more.get(i));
    }
    assertThat(ran).hasSize(11);
    assertThat(scheduler.pacingState().announced()).isEmpty();
  }

  /** The wake-up still due: the newest not cancelled. */
  private Wake pendingWake() {
    for (int i = wakes.size() - 1; i >= 0; i--) {
      if (!wakes.get(i).future().isCancelled()) {
        return wakes.get(i);
      }
    }
    throw new AssertionError("no wake-up is due");
  }

  private static RetryingRequest<?> request(RetryingRequest.Kind kind) {
    return new RetryingRequest<Object>(new NoHost(), kind, null, 0, () -> {
      throw new IOException("never sent in this test");
    }, null);
  }

  /** The scheduler never runs a request here, so it never calls its host. */
  private static final class NoHost implements RetryingRequest.Host {
    @Override
    public boolean stopping() {
      throw new AssertionError();
    }

    @Override
    public <T> T send(RetryingRequest<T> request, Call<T> call) {
      throw new AssertionError();
    }

    @Override
    public boolean isExpired(Throwable error) {
      throw new AssertionError();
    }

    @Override
    public RetryRules retryRules() {
      throw new AssertionError();
    }

    @Override
    public EngineClock clock() {
      throw new AssertionError();
    }

    @Override
    public void attemptStarted() {
      throw new AssertionError();
    }

    @Override
    public void attemptEnded(RetryingRequest<?> request, Verdict verdict) {
      throw new AssertionError();
    }

    @Override
    public void waitedForRateLimit(long nanos) {
      throw new AssertionError();
    }
  }
}
