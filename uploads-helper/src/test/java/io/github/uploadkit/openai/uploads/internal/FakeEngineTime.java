package io.github.uploadkit.openai.uploads.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Time for engine unit tests: a clock that moves only when told, and a timer whose tasks run when
 * the clock passes their time. Single-threaded: the test drives it.
 */
final class FakeEngineTime implements EngineClock, Scheduler.Timer {
  private record Pending(long due, FutureTask<?> task) {
  }

  private final List<Pending> pending = new ArrayList<>();
  private long nanos = 1_000_000_000L;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long epochSecond() {
    return 1_700_000_000L + nanos / 1_000_000_000L;
  }

  @Override
  public Future<?> schedule(Runnable task, long delayNanos) {
    FutureTask<?> future = new FutureTask<>(task, null);
    pending.add(new Pending(nanos + delayNanos, future));
    return future;
  }

  /** Moves the clock and runs the timer's tasks that came due, in order. */
  void advance(Duration duration) {
    nanos += duration.toNanos();
    List<Pending> due = pending.stream().filter(p -> p.due() - nanos <= 0).sorted(Comparator.comparingLong(Pending::due))
        .toList();
    pending.removeAll(due);
    due.forEach(p -> p.task().run());
  }

  /** Timer tasks not yet run nor cancelled. */
  long waitingTasks() {
    return pending.stream().filter(p -> !p.task().isCancelled()).count();
  }
}
