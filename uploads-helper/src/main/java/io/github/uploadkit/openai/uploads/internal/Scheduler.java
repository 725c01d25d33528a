package io.github.uploadkit.openai.uploads.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decides which request runs next, for every upload of an engine. Part requests take one of
 * {@code maxConcurrentParts} permits, handed out round-robin among uploads so that a small
 * upload is not stuck behind a large one, and within the shared {@link RateLimit}; parts read
 * from a stream also take their size from the buffer budget. Requests to create, complete or
 * cancel an Upload take one of {@link #CONTROL_SLOTS} permits of their own. A request waiting
 * for a permit, a backoff or the rate limit is only an entry in a queue: it holds no thread.
 */
final class Scheduler {
  /** Create, complete and cancel requests in flight at once, over all uploads. */
  static final int CONTROL_SLOTS = 4;

  private final RateLimit rateLimit;
  private final long maxBufferedBytes;
  private final Executor partExecutor;
  private final Executor controlExecutor;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Transfer> ready = new ArrayDeque<>();
  private final Set<Transfer> waitingForBudget = new LinkedHashSet<>();
  private final ArrayDeque<RetryingRequest<?>> control = new ArrayDeque<>();
  private int partsInFlight;
  private int controlInFlight;
  private long bufferedBytes;
  private ScheduledFuture<?> wakeUp;

  Scheduler(int maxConcurrentParts, long maxBufferedBytes, Executor partExecutor, Executor controlExecutor,
      ScheduledExecutorService timer) {
    this.rateLimit = new RateLimit(maxConcurrentParts);
    this.maxBufferedBytes = maxBufferedBytes;
    this.partExecutor = partExecutor;
    this.controlExecutor = controlExecutor;
    this.timer = timer;
  }

  /** Tells the scheduler that {@code transfer} may have parts to send. */
  void offerParts(Transfer transfer) {
    synchronized (this) {
      if (!transfer.queued) {
        transfer.queued = true;
        ready.addLast(transfer);
      }
    }
    dispatch();
  }

  /** Queues a create, complete or cancel request; a cancel goes first and ignores the rate limit. */
  void submitControl(RetryingRequest<?> request) {
    synchronized (this) {
      if (request.kind() == RetryingRequest.Kind.CANCEL) {
        control.addFirst(request);
      } else {
        control.addLast(request);
      }
    }
    dispatch();
  }

  /** Runs {@code task} after {@code delay} on the timer; it must be quick. */
  ScheduledFuture<?> later(Duration delay, Runnable task) {
    return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Every request waits {@code wait} from now, and fewer parts go at once for a while. */
  void throttled(Duration wait) {
    synchronized (this) {
      rateLimit.throttled(System.nanoTime(), wait.toNanos());
    }
  }

  /** A request's attempt ended; its permit is free again. */
  void finished(RetryingRequest<?> request, boolean succeeded) {
    synchronized (this) {
      if (request.kind() == RetryingRequest.Kind.PART) {
        partsInFlight--;
        if (succeeded) {
          rateLimit.succeeded(System.nanoTime());
        }
      } else {
        controlInFlight--;
      }
    }
    dispatch();
  }

  /** A stream part's buffer is no longer needed: uploads waiting for budget may go on. */
  void releaseBudget(long bytes) {
    synchronized (this) {
      bufferedBytes -= bytes;
      for (Transfer transfer : waitingForBudget) {
        if (!transfer.queued) {
          transfer.queued = true;
          ready.addLast(transfer);
        }
      }
      waitingForBudget.clear();
    }
    dispatch();
  }

  /** Part permits in use and the current limit, for tests and figures. */
  synchronized String describe() {
    return "parts in flight " + partsInFlight + " of " + rateLimit.limit() + ", throttled "
        + rateLimit.throttledRequests() + ", buffered " + bufferedBytes;
  }

  private void dispatch() {
    List<RetryingRequest<?>> parts = new ArrayList<>();
    List<RetryingRequest<?>> controls = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      boolean paused = rateLimit.paused(now);
      while (controlInFlight < CONTROL_SLOTS && !control.isEmpty()
          && (!paused || control.peekFirst().kind() == RetryingRequest.Kind.CANCEL)) {
        controlInFlight++;
        controls.add(control.pollFirst());
      }
      while (!paused && partsInFlight < rateLimit.limit() && !ready.isEmpty()) {
        Transfer transfer = ready.pollFirst();
        long budget = maxBufferedBytes - bufferedBytes;
        RetryingRequest<?> next = transfer.parts.next(budget, bufferedBytes == 0);
        if (next == null) {
          transfer.queued = false;
          if (transfer.parts.waitingForBudget()) {
            waitingForBudget.add(transfer);
          }
          continue;
        }
        ready.addLast(transfer);
        partsInFlight++;
        bufferedBytes += next.bufferBytes();
        parts.add(next);
      }
      boolean waiting = !ready.isEmpty() || !control.isEmpty();
      if (paused && waiting && wakeUp == null) {
        wakeUp = timer.schedule(this::wakeUp, rateLimit.pausedUntil() - now, TimeUnit.NANOSECONDS);
      }
    }
    parts.forEach(request -> run(partExecutor, request));
    controls.forEach(request -> run(controlExecutor, request));
  }

  private void wakeUp() {
    synchronized (this) {
      wakeUp = null;
    }
    dispatch();
  }

  private static void run(Executor executor, RetryingRequest<?> request) {
    try {
      executor.execute(request);
    } catch (RuntimeException | Error refused) {
      request.refused(refused);
    }
  }
}
