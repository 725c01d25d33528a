package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Decides which request runs next, for every upload of an engine, within the shared
 * {@link RateLimit} (the backstop, which learns from 429s) and at the pace of the request budget
 * the server announces ({@link RequestPacing}, told of every attempt's end). By the
 * {@link Policy#LATENCY latency policy}, parts take one of {@code maxConcurrentParts} permits,
 * and creates, completions and cancels (bodies of a few bytes) one of the
 * {@link #controlPermits control permits} of their own (64 beside the default 16), so that a
 * small upload's create and completion never wait for the parts of large ones; the part of an
 * upload with at most {@link #SHORT_UPLOAD_BYTES} left may take a free control permit too (at
 * most {@code maxConcurrentParts} such parts at once, and none once the server has refused a
 * request for the rate limit), so that the single parts of a burst of small files do not queue
 * behind the long parts of large ones. Both kinds are held to the rate limit's pause,
 * to its current limit (the control permits in proportion: half the limit, half of them) and to
 * the pace (a cancel ignores all three, but is counted). A cancel goes first, then a completion,
 * then a short upload's part, then mostly the create with the fewest bytes left and in turn the
 * oldest; parts go mostly to the upload with the fewest bytes left and in turn to the others, so
 * that a large one is never starved by a stream of small ones. By the
 * {@link Policy#ROUND_ROBIN round-robin policy} every request takes a part permit, as before.
 * Parts read from a stream also take their size from the buffer budget. A request waiting for a
 * permit, a backoff, the rate limit or the pace is only an entry in a queue: it holds no thread.
 */
final class Scheduler {
  /** The parts of one upload, as the scheduler sees them. */
  interface Parts {
    /** The next part request to run, or null; see {@link PartQueue#next}. */
    RetryingRequest<?> next(long budget, boolean nothingBuffered);

    /** Whether the last {@link #next} returned null for want of buffer budget. */
    boolean waitingForBudget();

    /** The bytes of parts not yet stored. */
    long bytesLeft();
  }

  /**
   * How parts and creates share the permits left after cancels and completions. The system
   * property {@value #POLICY_PROPERTY} selects one ({@code round-robin} or {@code latency}), for
   * the benchmark that compares them; {@link #LATENCY} by default.
   */
  enum Policy {
    /**
     * Every request takes a part permit; parts and creates take turns; parts alternate
     * fewest-bytes-left and round-robin.
     */
    ROUND_ROBIN,
    /**
     * Creates, completions and cancels take control permits of their own, and so may the parts
     * of uploads with little left. Three parts in four go to the upload with the fewest bytes
     * left, so that small uploads finish first in a burst, and three creates in four to the one
     * of the smallest upload; the fourth of each is taken in turn (round-robin over uploads with
     * parts ready; the oldest create), so that none starves and large uploads keep going
     * meanwhile.
     */
    LATENCY;

    static final String POLICY_PROPERTY = "io.github.uploadkit.openai.uploads.scheduling";

    static Policy fromSystemProperty() {
      return "round-robin".equals(System.getProperty(POLICY_PROPERTY)) ? ROUND_ROBIN : LATENCY;
    }
  }


  /** Every {@value #IN_TURN}th pick of the latency policy is taken in turn rather than shortest first. */
  static final int IN_TURN = 4;

  /** Control permits per part permit by the latency policy, up to {@value #MAX_CONTROL_PERMITS}. */
  static final int CONTROLS_PER_PART = 4;

  /** The most control permits, unless {@code maxConcurrentParts} is more. */
  static final int MAX_CONTROL_PERMITS = 64;

  /**
   * An upload with at most this many bytes left (one part of the smallest automatic size) is
   * short: its part may take a control permit.
   */
  static final long SHORT_UPLOAD_BYTES = UploadLimits.DEFAULT_MIN_AUTO_PART_BYTES;

  /** Runs a task after a delay. */
  interface Timer {
    Future<?> schedule(Runnable task, long delayNanos);
  }

  private final RateLimit rateLimit;
  private final RequestPacing pacing = new RequestPacing();
  private final int maxInFlight;
  private final int maxControls;
  private final long maxBufferedBytes;
  private final Executor executor;
  private final Executor fallback;
  private final Timer timer;
  private final EngineClock clock;
  private final Policy policy;
  private final ArrayDeque<Parts> ready = new ArrayDeque<>();
  private final Set<Parts> queued = new HashSet<>();
  private final Set<Parts> waitingForBudget = new LinkedHashSet<>();
  private final ArrayDeque<RetryingRequest<?>> cancels = new ArrayDeque<>();
  private final ArrayDeque<RetryingRequest<?>> completes = new ArrayDeque<>();
  private final ArrayDeque<RetryingRequest<?>> creates = new ArrayDeque<>();
  /** Requests holding a part permit (by the round-robin policy, every request). */
  private int inFlight;
  /** Creates, completions, cancels and short uploads' parts holding a control permit (latency policy only). */
  private int controlsInFlight;
  /** Parts of short uploads holding a control permit: at most {@link #maxShortParts}. */
  private int partsOnControls;
  /**
   * The most short parts on control permits: as many as part permits, but never more than the
   * control permits beyond that number, so that at least as many are left for cancels,
   * completions and creates (none when there are no more control permits than part permits).
   */
  private final int maxShortParts;
  private boolean partsTurn;
  private boolean shortestTurn;
  /** Parts picked by the latency policy: every {@value #IN_TURN}th is taken in turn. */
  private long picks;
  /** Creates picked by the latency policy: every {@value #IN_TURN}th is the oldest. */
  private long createPicks;
  private long bufferedBytes;
  private Future<?> wakeUp;
  private long wakeUpAt;

  /**
   * Requests run on {@code executor}; a cancel that it refuses runs on {@code fallback}, so that
   * an Upload is cancelled even when the caller's executor is full.
   */
  Scheduler(int maxConcurrentParts, long maxBufferedBytes, Executor executor, Executor fallback, Timer timer,
      EngineClock clock, Policy policy) {
    this.policy = policy;
    this.rateLimit = new RateLimit(maxConcurrentParts, clock.nanoTime());
    this.maxInFlight = maxConcurrentParts;
    this.maxControls = controlPermits(maxConcurrentParts, policy);
    this.maxShortParts = Math.max(0, Math.min(maxConcurrentParts, maxControls - maxConcurrentParts));
    this.maxBufferedBytes = maxBufferedBytes;
    this.executor = executor;
    this.fallback = fallback;
    this.timer = timer;
    this.clock = clock;
  }

  /**
   * The control permits (creates, completions, cancels, short uploads' parts) beside
   * {@code maxConcurrentParts} part permits: by the latency policy {@value #CONTROLS_PER_PART}
   * times as many, but at most {@value #MAX_CONTROL_PERMITS} unless {@code maxConcurrentParts}
   * is more (then as many), so 64 beside the default 16; none of their own by the round-robin
   * one. The engine's request threads are the sum.
   */
  static int controlPermits(int maxConcurrentParts, Policy policy) {
    return policy == Policy.LATENCY
        ? Math.max(maxConcurrentParts, Math.min(CONTROLS_PER_PART * maxConcurrentParts, MAX_CONTROL_PERMITS))
        : 0;
  }

  /** Tells the scheduler that {@code parts} may have parts to send. */
  void offerParts(Parts parts) {
    synchronized (this) {
      markReady(parts);
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

  /** Runs {@code task} after {@code delayNanos} on the timer; it must be quick. */
  Future<?> later(long delayNanos, Runnable task) {
    return timer.schedule(task, delayNanos);
  }

  /**
   * The one report of an attempt's end: frees its permit; a stored part counts towards a higher
   * limit, a refusal pauses every request and lowers the limit; a request that is over
   * ({@code finished}) gives back its buffer budget; {@code parts}, if not null, may send more.
   * Then dispatches, once.
   */
  void attemptEnded(RetryingRequest<?> request, Verdict verdict, boolean finished, Parts parts) {
    synchronized (this) {
      if (request.controlPermit()) {
        controlsInFlight--;
        partsOnControls -= request.kind() == RetryingRequest.Kind.PART ? 1 : 0;
      } else {
        inFlight--;
      }
      long now = clock.nanoTime();
      pacing.attemptEnded(verdict.budget(), request.paceTicket(), now);
      if (verdict.kind() == Verdict.Kind.STORED && request.kind() == RetryingRequest.Kind.PART) {
        rateLimit.succeeded(now);
      } else if (verdict.kind() == Verdict.Kind.THROTTLED) {
        rateLimit.throttled(now, verdict.delay().toNanos());
      }
      if (finished) {
        releaseBuffer(request);
      }
      if (parts != null) {
        markReady(parts);
      }
    }
    dispatch();
  }

  /** A request that waited between attempts will not go again: its buffer budget is free. */
  void dropped(RetryingRequest<?> request) {
    synchronized (this) {
      releaseBuffer(request);
    }
    dispatch();
  }

  /** The rate limit's parts in flight now, and whether it pauses requests: for tests and metrics. */
  synchronized RateLimit.State rateLimitState() {
    return rateLimit.state(clock.nanoTime());
  }

  /** The request budget the server announced and the pace it sets now: for tests and metrics. */
  synchronized RequestPacing.Snapshot pacingState() {
    return pacing.snapshot(clock.nanoTime());
  }

  /** Requests holding a permit now, parts and controls. */
  synchronized int inFlight() {
    return inFlight + controlsInFlight;
  }

  private void releaseBuffer(RetryingRequest<?> request) {
    long bytes = request.releaseBuffer();
    if (bytes != 0) {
      bufferedBytes -= bytes;
      waitingForBudget.forEach(this::markReady);
      waitingForBudget.clear();
    }
  }

  private void markReady(Parts parts) {
    if (queued.add(parts)) {
      ready.addLast(parts);
    }
  }

  private void dispatch() {
    List<RetryingRequest<?>> toRun = new ArrayList<>();
    synchronized (this) {
      long now = clock.nanoTime();
      boolean paused = rateLimit.paused(now);
      if (policy == Policy.LATENCY) {
        dispatchControls(toRun, paused, now);
      }
      while (policy == Policy.ROUND_ROBIN && inFlight < maxInFlight && !cancels.isEmpty()) {
        inFlight++;
        toRun.add(start(cancels.pollFirst(), false, now)); // not paced, but counted
      }
      long paceUntil = pacing.nextStart(now);
      while (!paused && paceUntil - now <= 0 && inFlight < rateLimit.limit()) {
        RetryingRequest<?> next;
        if (policy == Policy.LATENCY) {
          next = ++picks % IN_TURN == 0 ? nextPart(false) : shortestPart(Long.MAX_VALUE);
        } else {
          next = completes.pollFirst();
          next = next != null ? next : inTurn();
        }
        if (next == null) {
          break;
        }
        inFlight++;
        toRun.add(start(next, false, now));
        paceUntil = pacing.nextStart(now);
      }
      boolean waiting = !ready.isEmpty() || !completes.isEmpty() || !creates.isEmpty();
      if (waiting && (paused || paceUntil - now > 0)) {
        wakeUpAt(paused && rateLimit.pausedUntil() - paceUntil > 0 ? rateLimit.pausedUntil() : paceUntil, now);
      }
    }
    toRun.forEach(this::run);
  }

  /**
   * Takes control permits (latency policy): cancels first, whatever the rate limit and the pace
   * say (but counted); then, within the rate limit's pause and its current limit's share of the
   * control permits and the pace, completions, then the part of the short upload with the fewest
   * bytes left (until the first refusal), then creates, three in four for the smallest
   * upload and the fourth the oldest. Guarded by this.
   */
  private void dispatchControls(List<RetryingRequest<?>> toRun, boolean paused, long now) {
    while (controlsInFlight < maxControls && !cancels.isEmpty()) {
      controlsInFlight++;
      toRun.add(start(cancels.pollFirst(), true, now)); // not paced, but counted
    }
    int limit = Math.max(1, (int) ((long) maxControls * rateLimit.limit() / maxInFlight));
    while (!paused && pacing.nextStart(now) - now <= 0 && controlsInFlight < limit) {
      RetryingRequest<?> next = completes.pollFirst();
      if (next == null && partsOnControls < maxShortParts && !rateLimit.refusedBefore()) {
        next = shortestPart(SHORT_UPLOAD_BYTES);
        partsOnControls += next == null ? 0 : 1;
      }
      if (next == null && !creates.isEmpty()) { // a pick is counted only when there is a create to pick
        next = ++createPicks % IN_TURN == 0 ? creates.pollFirst() : smallestCreate();
      }
      if (next == null) {
        return;
      }
      controlsInFlight++;
      toRun.add(start(next, true, now));
    }
  }

  /** The create of the upload with the fewest bytes, taken from the queue; or null. Guarded by this. */
  private RetryingRequest<?> smallestCreate() {
    RetryingRequest<?> create = null;
    for (RetryingRequest<?> candidate : creates) {
      if (create == null || candidate.bytesLeft() < create.bytesLeft()) {
        create = candidate;
      }
    }
    creates.remove(create);
    return create;
  }

  /**
   * The next part of the upload with the fewest bytes left, if it has at most {@code maxBytesLeft}
   * left; or null when none has one ready. Guarded by this.
   */
  private RetryingRequest<?> shortestPart(long maxBytesLeft) {
    while (true) {
      Parts parts = null;
      for (Parts candidate : ready) {
        if (candidate.bytesLeft() <= maxBytesLeft && (parts == null || candidate.bytesLeft() < parts.bytesLeft())) {
          parts = candidate;
        }
      }
      if (parts == null) {
        return null;
      }
      ready.remove(parts);
      RetryingRequest<?> next = take(parts);
      if (next != null) {
        return next;
      }
    }
  }

  /** A create or a part in turn (round-robin policy): creates and parts alternate. Guarded by this. */
  private RetryingRequest<?> inTurn() {
    RetryingRequest<?> next = partsTurn || creates.isEmpty() ? nextPart(true) : null;
    if (next == null) {
      next = creates.pollFirst();
    }
    if (next != null) {
      partsTurn = next.kind() == RetryingRequest.Kind.CREATE;
    }
    return next;
  }

  /** The next part of {@code parts}, which goes to the back of the ring; or null, and it leaves the ring. */
  private RetryingRequest<?> take(Parts parts) {
    RetryingRequest<?> next = parts.next(maxBufferedBytes - bufferedBytes, bufferedBytes == 0);
    if (next != null) {
      ready.addLast(parts);
      bufferedBytes += next.takeBuffer();
      return next;
    }
    queued.remove(parts);
    if (parts.waitingForBudget()) {
      waitingForBudget.add(parts);
    }
    return null;
  }

  /**
   * Hands {@code request} the pacing's ticket for the attempt it starts now, holding a control
   * permit or a part permit. Guarded by this.
   */
  private RetryingRequest<?> start(RetryingRequest<?> request, boolean controlPermit, long now) {
    request.controlPermit(controlPermit);
    request.paceTicket(pacing.started(now));
    return request;
  }

  /** Dispatches again at {@code at}, unless a wake-up is due by then already. Guarded by this. */
  private void wakeUpAt(long at, long now) {
    if (wakeUp != null && at - wakeUpAt >= 0) {
      return;
    }
    if (wakeUp != null) {
      wakeUp.cancel(false); // a later one: the pace allows a request sooner
    }
    wakeUpAt = at;
    wakeUp = timer.schedule(this::wakeUp, at - now);
  }

  /**
   * The next part to send, or null when no upload has one ready: from the next upload in
   * round-robin order, or (every other time, when {@code alternate}) from the upload with the
   * fewest bytes left. Guarded by this.
   */
  private RetryingRequest<?> nextPart(boolean alternate) {
    shortestTurn = alternate && !shortestTurn;
    if (shortestTurn && ready.size() > 1) {
      Parts shortest = null;
      for (Parts parts : ready) {
        if (shortest == null || parts.bytesLeft() < shortest.bytesLeft()) {
          shortest = parts;
        }
      }
      ready.remove(shortest);
      ready.addFirst(shortest);
    }
    while (!ready.isEmpty()) {
      RetryingRequest<?> next = take(ready.pollFirst());
      if (next != null) {
        return next;
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
