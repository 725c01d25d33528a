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
 * Decides which request runs next, for every upload of an engine. Every request takes one of
 * {@code maxConcurrentParts} permits, within the shared {@link RateLimit}. What is nearest to done
 * goes first: a cancel (which also ignores the rate limit's pause and lowered limit), then a
 * completion; then parts and creates take turns. Parts alternate between the upload with the
 * fewest bytes left, so that a small upload is not stuck behind large ones, and the next upload
 * in round-robin order, so that a large one is never starved by a stream of small ones. Parts
 * read from a stream also take their size from the buffer budget. A request waiting for a
 * permit, a backoff or the rate limit is only an entry in a queue: it holds no thread.
 */
final class Scheduler {
  private final RateLimit rateLimit;
  private final int maxInFlight;
  private final long maxBufferedBytes;
  private final Executor executor;
  private final Executor fallback;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Transfer> ready = new ArrayDeque<>();
  private final Set<Transfer> waitingForBudget = new LinkedHashSet<>();
  private final ArrayDeque<RetryingRequest<?>> cancels = new ArrayDeque<>();
  private final ArrayDeque<RetryingRequest<?>> completes = new ArrayDeque<>();
  private final ArrayDeque<RetryingRequest<?>> creates = new ArrayDeque<>();
  private int inFlight;
  private boolean partsTurn;
  private boolean shortestTurn;
  private long bufferedBytes;
  private ScheduledFuture<?> wakeUp;

  /**
   * Requests run on {@code executor}; a cancel that it refuses runs on {@code fallback}, so that
   * an Upload is cancelled even when the caller's executor is full.
   */
  Scheduler(int maxConcurrentParts, long maxBufferedBytes, Executor executor, Executor fallback,
      ScheduledExecutorService timer) {
    this.rateLimit = new RateLimit(maxConcurrentParts);
    this.maxInFlight = maxConcurrentParts;
    this.maxBufferedBytes = maxBufferedBytes;
    this.executor = executor;
    this.fallback = fallback;
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
      switch (request.kind()) {
        case CANCEL -> cancels.addLast(request);
        case COMPLETE -> completes.addLast(request);
        default -> creates.addLast(request);
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
      inFlight--;
      if (succeeded && request.kind() == RetryingRequest.Kind.PART) {
        rateLimit.succeeded(System.nanoTime());
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

  private void dispatch() {
    List<RetryingRequest<?>> toRun = new ArrayList<>();
    synchronized (this) {
      long now = System.nanoTime();
      boolean paused = rateLimit.paused(now);
      while (inFlight < maxInFlight && !cancels.isEmpty()) {
        inFlight++;
        toRun.add(cancels.pollFirst());
      }
      while (!paused && inFlight < rateLimit.limit()) {
        RetryingRequest<?> next = completes.pollFirst();
        if (next == null) {
          next = partsTurn || creates.isEmpty() ? nextPart() : null;
          if (next == null) {
            next = creates.pollFirst();
          }
        }
        if (next == null) {
          break;
        }
        if (next.kind() != RetryingRequest.Kind.COMPLETE) {
          partsTurn = next.kind() == RetryingRequest.Kind.CREATE;
        }
        inFlight++;
        toRun.add(next);
      }
      boolean waiting = !ready.isEmpty() || !completes.isEmpty() || !creates.isEmpty();
      if (paused && waiting && wakeUp == null) {
        wakeUp = timer.schedule(this::wakeUp, rateLimit.pausedUntil() - now, TimeUnit.NANOSECONDS);
      }
    }
    toRun.forEach(this::run);
  }

  /**
   * The next part to send, or null when no upload has one ready: in turn, from the upload with
   * the fewest bytes left and from the next upload in round-robin order. Guarded by this.
   */
  private RetryingRequest<?> nextPart() {
    shortestTurn = !shortestTurn;
    if (shortestTurn && ready.size() > 1) {
      Transfer shortest = null;
      for (Transfer transfer : ready) {
        if (shortest == null || transfer.parts.bytesLeft() < shortest.parts.bytesLeft()) {
          shortest = transfer;
        }
      }
      ready.remove(shortest);
      ready.addFirst(shortest);
    }
    while (!ready.isEmpty()) {
      Transfer transfer = ready.pollFirst();
      RetryingRequest<?> next = transfer.parts.next(maxBufferedBytes - bufferedBytes, bufferedBytes == 0);
      if (next != null) {
        ready.addLast(transfer);
        bufferedBytes += next.bufferBytes();
        return next;
      }
      transfer.queued = false;
      if (transfer.parts.waitingForBudget()) {
        waitingForBudget.add(transfer);
      }
    }
    return null;
  }

  private void wakeUp() {
    synchronized (this) {
      wakeUp = null;
    }
    dispatch();
  }

  private void run(RetryingRequest<?> request) {
    try {
      executor.execute(request);
    } catch (RuntimeException | Error refused) {
      if (request.kind() == RetryingRequest.Kind.CANCEL) {
        try {
          fallback.execute(request);
          return;
        } catch (RuntimeException | Error alsoRefused) {
          refused.addSuppressed(alsoRefused);
        }
      }
      request.refused(refused); // the request fails, never the thread that dispatched it
    }
  }
}
