package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import retrofit2.Call;

/**
 * The scheduler alone, in the manner of OkHttp's DispatcherTest: requests go to a recording
 * executor that runs nothing, the test ends their attempts by hand, and time is a fake clock.
 */
class SchedulerTest {
  private final FakeEngineTime time = new FakeEngineTime();
  private final RecordingExecutor executor = new RecordingExecutor();
  private final RecordingExecutor fallback = new RecordingExecutor();

  private Scheduler scheduler(int permits, Scheduler.Policy policy) {
    return new Scheduler(permits, Long.MAX_VALUE, executor, fallback, time, time, policy);
  }

  @Test
  void aCreateAndACompletionGoWhileEveryPartPermitIsHeld() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 10);
    assertThat(executor.run).as("both part permits").hasSize(2);

    Upload small = new Upload(1000);
    scheduler.submitControl(small.create());
    scheduler.submitControl(new Upload(2000).complete());
    assertThat(executor.run).extracting(RetryingRequest::kind).containsExactly(RetryingRequest.Kind.PART,
        RetryingRequest.Kind.PART, RetryingRequest.Kind.CREATE, RetryingRequest.Kind.COMPLETE);
    assertThat(scheduler.inFlight()).as("parts and controls alike").isEqualTo(4);

    for (int i = 0; i < 7; i++) {
      scheduler.submitControl(new Upload(3000 + i).create());
    }
    assertThat(executor.run).as("four control permits per part permit: 2 parts and 8 controls").hasSize(10);
    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, large.parts);
    assertThat(executor.run).as("a part's permit goes to a part").hasSize(11);
    assertThat(executor.run.get(10).kind()).isEqualTo(RetryingRequest.Kind.PART);
    scheduler.attemptEnded(executor.run.get(2), Verdict.stored(), true, null);
    assertThat(executor.run.get(11).kind()).as("a control's permit to a control").isEqualTo(RetryingRequest.Kind.CREATE);
  }

  @Test
  void theControlPermitsAreFourPerPartPermitUpTo64UnlessThePartPermitsAreMore() {
    assertThat(Scheduler.controlPermits(1, Scheduler.Policy.LATENCY)).isEqualTo(4);
    assertThat(Scheduler.controlPermits(16, Scheduler.Policy.LATENCY)).as("the default").isEqualTo(64);
    assertThat(Scheduler.controlPermits(32, Scheduler.Policy.LATENCY)).isEqualTo(64);
    assertThat(Scheduler.controlPermits(100, Scheduler.Policy.LATENCY)).isEqualTo(100);
    assertThat(Scheduler.controlPermits(16, Scheduler.Policy.ROUND_ROBIN)).isZero();
  }

  @Test
  void aShortUploadsPartTakesAControlPermitWhileLargePartsHoldEveryPartPermit() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 10);
    Upload small = withParts(scheduler, Scheduler.SHORT_UPLOAD_BYTES, 1);
    Upload medium = withParts(scheduler, Scheduler.SHORT_UPLOAD_BYTES + 1, 1);
    assertThat(executor.run).extracting(RetryingRequest::bytesLeft).as("the large upload's parts, then the short one's")
        .containsExactly(1L << 30, 1L << 30, Scheduler.SHORT_UPLOAD_BYTES);
    assertThat(scheduler.inFlight()).isEqualTo(3);

    scheduler.attemptEnded(executor.run.get(2), Verdict.stored(), true, null);
    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, large.parts);
    assertThat(executor.run.get(3).bytesLeft()).as("a part permit to the upload with fewest bytes left")
        .isEqualTo(Scheduler.SHORT_UPLOAD_BYTES + 1);
  }

  @Test
  void noPartTakesAControlPermitOnceTheServerHasRefusedARequest() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 10);
    scheduler.attemptEnded(executor.run.get(0), Verdict.throttled(Duration.ofSeconds(1), null), false, large.parts);
    time.advance(Duration.ofSeconds(1));
    assertThat(executor.run).as("the lowered limit of 1 is held by the other part").hasSize(2);
    Upload small = withParts(scheduler, 1000, 1);
    scheduler.submitControl(small.create());
    assertThat(executor.run.subList(2, executor.run.size())).as("a create still goes, the short part waits")
        .extracting(RetryingRequest::kind).containsExactly(RetryingRequest.Kind.CREATE);
    time.advance(Duration.ofSeconds(10));
    scheduler.attemptEnded(executor.run.get(1), Verdict.stored(), true, large.parts);
    assertThat(scheduler.rateLimitState().limit()).as("grown back to its maximum").isEqualTo(2);
    assertThat(executor.run).as("the short part went, on a part permit").anySatisfy(r -> assertThat(r.bytesLeft())
        .isEqualTo(1000L));
    assertThat(executor.run).filteredOn(r -> r.kind() == RetryingRequest.Kind.PART)
        .noneMatch(RetryingRequest::controlPermit);
  }

  @Test
  void atMostAsManyShortPartsTakeControlPermitsAsThereArePartPermits() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.LATENCY);
    withParts(scheduler, 1 << 30, 10);
    withParts(scheduler, 1000, 10);
    assertThat(executor.run).as("2 parts on part permits, 2 on control permits of 8").hasSize(4);
    scheduler.submitControl(new Upload(10).create());
    assertThat(executor.run).as("the other control permits stay for controls").hasSize(5);
  }

  @Test
  void withNoMoreControlPermitsThanPartPermitsNoShortPartTakesOne() {
    Scheduler scheduler = scheduler(64, Scheduler.Policy.LATENCY); // 64 control permits: as many as part permits
    withParts(scheduler, 1 << 30, 64);
    withParts(scheduler, 1000, 10);
    assertThat(executor.run).as("the 64 part permits only; the control permits stay for cancels and completions")
        .hasSize(64).noneMatch(RetryingRequest::controlPermit);
    scheduler.submitControl(new Upload(10).create());
    assertThat(executor.run).hasSize(65);
  }

  @Test
  void roundRobinMakesACreateWaitForAPartPermit() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.ROUND_ROBIN);
    Upload large = withParts(scheduler, 1 << 30, 10);
    scheduler.submitControl(new Upload(1000).create());
    assertThat(executor.run).extracting(RetryingRequest::kind).containsOnly(RetryingRequest.Kind.PART).hasSize(2);
  }

  @Test
  void controlRequestsKeepToTheRateLimitsPauseAndLoweredLimit() {
    Scheduler scheduler = scheduler(8, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 20);
    scheduler.attemptEnded(executor.run.get(0), Verdict.throttled(Duration.ofSeconds(1), null), false, large.parts);
    assertThat(scheduler.rateLimitState().limit()).isEqualTo(4);
    for (int i = 0; i < 10; i++) {
      scheduler.submitControl(new Upload(1000 + i).create());
    }
    assertThat(executor.run).as("no create during the pause").hasSize(8);

    for (int i = 10; i < 20; i++) {
      scheduler.submitControl(new Upload(1000 + i).create());
    }
    time.advance(Duration.ofSeconds(1));
    assertThat(executor.run.subList(8, executor.run.size())).as("then half the 32 control permits, as the limit is half")
        .hasSize(16).extracting(RetryingRequest::kind).containsOnly(RetryingRequest.Kind.CREATE);
    assertThat(scheduler.inFlight()).as("7 parts over the lowered limit, still running, and 16 creates").isEqualTo(23);
  }

  @Test
  void theCreateOfALargeUploadIsNotStarvedByAStreamOfSmallOnes() {
    Scheduler scheduler = scheduler(1, Scheduler.Policy.LATENCY);
    int holders = Scheduler.controlPermits(1, Scheduler.Policy.LATENCY);
    assertThat(holders % Scheduler.IN_TURN).as("the holders take whole turns").isZero();
    for (int i = 0; i < holders; i++) {
      scheduler.submitControl(new Upload(5).create()); // hold every control permit
    }
    RetryingRequest<Object> large = new Upload(1 << 30).create();
    scheduler.submitControl(large);
    for (int round = 0; round < Scheduler.IN_TURN; round++) {
      scheduler.submitControl(new Upload(10 + round).create());
      scheduler.submitControl(new Upload(10 + round).create());
      scheduler.attemptEnded(executor.run.get(executor.run.size() - 1), Verdict.stored(), true, null);
    }
    assertThat(executor.run.indexOf(large)).as("picked in turn, as the oldest")
        .isEqualTo(holders + Scheduler.IN_TURN - 1);
    assertThat(executor.run.subList(holders, holders + Scheduler.IN_TURN - 2)).extracting(RetryingRequest::bytesLeft)
        .as("the smallest first before that").containsOnly(10L);
  }

  @Test
  void noMoreRequestsRunThanThereArePermits() {
    Scheduler scheduler = scheduler(2, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    for (int i = 0; i < 9; i++) {
      scheduler.submitControl(a.create());
    }
    assertThat(executor.run).as("the 8 control permits").hasSize(8);
    assertThat(scheduler.inFlight()).isEqualTo(8);

    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, null);
    assertThat(executor.run).hasSize(9);
  }

  @Test
  void aCancelGoesFirstAndIgnoresTheRateLimitsPause() {
    Scheduler scheduler = scheduler(4, Scheduler.Policy.LATENCY);
    Upload a = new Upload(100);
    a.parts.add(a.part(1));
    scheduler.offerParts(a.parts);
    RetryingRequest<?> refused = executor.run.get(0);

    scheduler.attemptEnded(refused, Verdict.throttled(Duration.ofSeconds(2), null), false, null);
    scheduler.submitControl(a.create());
    scheduler.submitControl(a.cancel());
    assertThat(executor.run).hasSize(2);
    assertThat(executor.run.get(1).kind()).isEqualTo(RetryingRequest.Kind.CANCEL);

    time.advance(Duration.ofSeconds(1));
    assertThat(executor.run).as("still paused").hasSize(2);
    time.advance(Duration.ofSeconds(1));
    assertThat(executor.run).as("the timer woke the scheduler").hasSize(3);
    assertThat(executor.run.get(2).kind()).isEqualTo(RetryingRequest.Kind.CREATE);
  }

  @Test
  void oneRefusalLowersTheLimitOnceAndPausesEveryRequest() {
    Scheduler scheduler = scheduler(8, Scheduler.Policy.LATENCY);
    Upload a = withParts(scheduler, 1 << 30, 20);
    assertThat(executor.run).hasSize(8);

    scheduler.attemptEnded(executor.run.get(0), Verdict.throttled(Duration.ofSeconds(1), null), false, a.parts);
    assertThat(scheduler.rateLimitState()).isEqualTo(new RateLimit.State(4, 8, Duration.ofSeconds(1).toNanos()));
    for (int i = 1; i < 8; i++) {
      scheduler.attemptEnded(executor.run.get(i), Verdict.stored(), true, a.parts);
    }
    assertThat(executor.run).as("nothing goes during the pause").hasSize(8);

    time.advance(Duration.ofSeconds(1));
    assertThat(executor.run).as("then only as many as the lowered limit").hasSize(12);
  }

  @Test
  void aCompletionGoesBeforeParts() {
    Scheduler scheduler = scheduler(1, Scheduler.Policy.LATENCY);
    Upload a = new Upload(1 << 30);
    a.parts.add(a.part(1));
    a.parts.add(a.part(2));
    scheduler.offerParts(a.parts);
    scheduler.submitControl(a.complete());
    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, a.parts);
    assertThat(executor.run.get(1).kind()).isEqualTo(RetryingRequest.Kind.COMPLETE);
  }

  @Test
  void aSmallUploadGoesBeforeTheManyPartsOfLargeOnes() {
    Scheduler scheduler = scheduler(4, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 100);
    long smaller = 2 * Scheduler.SHORT_UPLOAD_BYTES; // too large for a control permit
    Upload small = new Upload(smaller);
    scheduler.submitControl(small.create());
    small.parts.add(small.part(1));
    small.parts.add(small.part(2));
    scheduler.offerParts(small.parts);

    for (int i = 0; i < 4; i++) {
      scheduler.attemptEnded(executor.run.get(i), Verdict.stored(), true, large.parts);
    }
    assertThat(executor.run.subList(4, 7)).as("its create at once, then its parts first")
        .extracting(r -> r.bytesLeft()).containsOnly(smaller);
  }

  @Test
  void aLargeUploadKeepsAShareOfThePermitsWhileSmallOnesKeepComing() {
    Scheduler scheduler = scheduler(8, Scheduler.Policy.LATENCY);
    Upload large = withParts(scheduler, 1 << 30, 1000);
    int largeRun = 0;
    for (int round = 0; round < 200; round++) {
      scheduler.submitControl(new Upload(1000).create()); // a new small upload every time a request ends
      RetryingRequest<?> oldest = executor.run.remove(0);
      scheduler.attemptEnded(oldest, Verdict.stored(), true, oldest.kind() == RetryingRequest.Kind.PART
          ? large.parts : null);
      largeRun += oldest.kind() == RetryingRequest.Kind.PART ? 1 : 0;
    }
    assertThat(largeRun).as("parts of the large upload among 200 requests").isGreaterThanOrEqualTo(200 / 8);
  }

  @Test
  void roundRobinTakesPartsAndCreatesInTurn() {
    Scheduler scheduler = scheduler(1, Scheduler.Policy.ROUND_ROBIN);
    Upload large = new Upload(1 << 30);
    large.parts.add(large.part(1));
    large.parts.add(large.part(2));
    scheduler.offerParts(large.parts);
    scheduler.submitControl(new Upload(10).create());
    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, large.parts);
    assertThat(executor.run).extracting(RetryingRequest::kind)
        .containsExactly(RetryingRequest.Kind.PART, RetryingRequest.Kind.CREATE);
  }

  @Test
  void aRequestTheExecutorRefusesGivesUpAsALocalFailureAndACancelUsesTheFallback() {
    executor.refuse = true;
    Scheduler scheduler = scheduler(4, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    scheduler.submitControl(a.create());
    assertThat(a.host.verdicts).singleElement().satisfies(v -> {
      assertThat(v.kind()).isEqualTo(Verdict.Kind.GAVE_UP);
      assertThat(v.failure().reason()).isEqualTo(Reason.LOCAL_ERROR);
      assertThat(v.failure().detail()).contains("the executor refused a request");
    });
    scheduler.attemptEnded(a.host.ended.get(0), a.host.verdicts.get(0), true, null);

    scheduler.submitControl(a.cancel());
    assertThat(fallback.run).extracting(RetryingRequest::kind).containsExactly(RetryingRequest.Kind.CANCEL);
  }

  @Test
  void anExhaustedBudgetHoldsRequestsUntilItsResetAndTheTimerWakesTheScheduler() {
    Scheduler scheduler = scheduler(16, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    scheduler.submitControl(a.create());
    time.advance(Duration.ofMillis(10));
    scheduler.attemptEnded(executor.run.get(0),
        Verdict.stored().announcing(new AnnouncedBudget(40, 0, Duration.ofMillis(500))), true, null);
    scheduler.submitControl(a.create());
    scheduler.submitControl(a.create());
    assertThat(executor.run).as("none left: held until the reset").hasSize(1);
    assertThat(scheduler.pacingState().delay()).isEqualTo(Duration.ofMillis(500));
    time.advance(Duration.ofMillis(499));
    assertThat(executor.run).hasSize(1);
    time.advance(Duration.ofMillis(1));
    assertThat(executor.run).as("the timer woke the scheduler at the reset").hasSize(2);
  }

  @Test
  void aNewerAnnouncementThatAllowsASoonerStartBringsTheWakeUpForward() {
    Scheduler scheduler = scheduler(16, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    scheduler.submitControl(a.create());
    scheduler.submitControl(a.create());
    assertThat(executor.run).hasSize(2);
    scheduler.attemptEnded(executor.run.get(0),
        Verdict.stored().announcing(new AnnouncedBudget(40, 0, Duration.ofSeconds(5))), true, null);
    scheduler.submitControl(a.create());
    assertThat(executor.run).hasSize(2);
    time.advance(Duration.ofMillis(100));
    // one left, full again in a second: the next may go a second after the last start, not in 5 s
    scheduler.attemptEnded(executor.run.get(1),
        Verdict.stored().announcing(new AnnouncedBudget(40, 1, Duration.ofSeconds(1))), true, null);
    assertThat(time.waitingTasks()).as("the wake-up for the old reset was replaced").isEqualTo(1);
    time.advance(Duration.ofMillis(899));
    assertThat(executor.run).hasSize(2);
    time.advance(Duration.ofMillis(1));
    assertThat(executor.run).hasSize(3);
  }

  @Test
  void aCancelIsNeverHeldByThePace() {
    Scheduler scheduler = scheduler(16, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    scheduler.submitControl(a.create());
    scheduler.attemptEnded(executor.run.get(0),
        Verdict.stored().announcing(new AnnouncedBudget(40, 0, Duration.ofSeconds(5))), true, null);
    scheduler.submitControl(a.create());
    scheduler.submitControl(a.cancel());
    assertThat(executor.run).extracting(RetryingRequest::kind)
        .containsExactly(RetryingRequest.Kind.CREATE, RetryingRequest.Kind.CANCEL);
    assertThat(scheduler.pacingState().delay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void answersWithoutABudgetPaceNothing() {
    Scheduler scheduler = scheduler(16, Scheduler.Policy.LATENCY);
    Upload a = new Upload(10);
    scheduler.submitControl(a.create());
    scheduler.attemptEnded(executor.run.get(0), Verdict.stored(), true, null);
    for (int i = 0; i < 10; i++) {
      scheduler.submitControl(a.create());
    }
    assertThat(executor.run).hasSize(11);
    assertThat(scheduler.pacingState().announced()).isEmpty();
  }

  /** An upload of {@code bytesLeft} with {@code count} parts ready, offered to {@code scheduler}. */
  private Upload withParts(Scheduler scheduler, long bytesLeft, int count) {
    Upload upload = new Upload(bytesLeft);
    for (int i = 1; i <= count; i++) {
      upload.parts.add(upload.part(i));
    }
    scheduler.offerParts(upload.parts);
    return upload;
  }

  /** An executor that records what it is given and runs nothing, or refuses it. */
  static final class RecordingExecutor implements Executor {
    final List<RetryingRequest<?>> run = new ArrayList<>();
    boolean refuse;

    @Override
    public void execute(Runnable command) {
      if (refuse) {
        throw new RejectedExecutionException("full");
      }
      run.add((RetryingRequest<?>) command);
    }
  }

  /** An upload as the scheduler sees it: its requests, and its parts ready to go. */
  final class Upload {
    final FakeHost host;
    final FakeParts parts;

    Upload(long bytesLeft) {
      this.host = new FakeHost(bytesLeft);
      this.parts = new FakeParts(bytesLeft);
    }

    RetryingRequest<Object> create() {
      return request(RetryingRequest.Kind.CREATE, null);
    }

    RetryingRequest<Object> complete() {
      return request(RetryingRequest.Kind.COMPLETE, null);
    }

    RetryingRequest<Object> cancel() {
      return request(RetryingRequest.Kind.CANCEL, null);
    }

    RetryingRequest<Object> part(int number) {
      return request(RetryingRequest.Kind.PART, new PartRange(number, (number - 1) * 10L, 10));
    }

    private RetryingRequest<Object> request(RetryingRequest.Kind kind, PartRange part) {
      return new RetryingRequest<>(host, kind, part, 0, () -> {
        throw new AssertionError("the test sends nothing");
      }, new RetryingRequest.Outcome<>() {
        @Override
        public void succeeded(Object value) {
        }

        @Override
        public void failed(Failure failure) {
        }
      });
    }
  }

  static final class FakeParts implements Scheduler.Parts {
    final ArrayDeque<RetryingRequest<?>> waiting = new ArrayDeque<>();
    final long bytesLeft;

    FakeParts(long bytesLeft) {
      this.bytesLeft = bytesLeft;
    }

    void add(RetryingRequest<?> part) {
      waiting.add(part);
    }

    @Override
    public RetryingRequest<?> next(long budget, boolean nothingBuffered) {
      return waiting.poll();
    }

    @Override
    public boolean waitingForBudget() {
      return false;
    }

    @Override
    public long bytesLeft() {
      return bytesLeft;
    }
  }

  /** A host that records the verdicts of attempts that ran (here, only refusals do). */
  final class FakeHost implements RetryingRequest.Host {
    final List<Verdict> verdicts = new ArrayList<>();
    final List<RetryingRequest<?>> ended = new ArrayList<>();
    final long bytesLeft;

    FakeHost(long bytesLeft) {
      this.bytesLeft = bytesLeft;
    }

    @Override
    public boolean stopping() {
      return false;
    }

    @Override
    public <T> T send(RetryingRequest<T> request, Call<T> call) {
      throw new AssertionError("the test sends nothing");
    }

    @Override
    public boolean isExpired(Throwable error) {
      return false;
    }

    @Override
    public RetryRules retryRules() {
      throw new AssertionError("no retries here");
    }

    @Override
    public EngineClock clock() {
      return time;
    }

    @Override
    public void attemptStarted() {
    }

    @Override
    public void attemptEnded(RetryingRequest<?> request, Verdict verdict) {
      ended.add(request);
      verdicts.add(verdict);
    }

    @Override
    public void waitedForRateLimit(long nanos) {
    }

    @Override
    public long bytesLeft() {
      return bytesLeft;
    }
  }
}
