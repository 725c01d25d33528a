package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.DrainResult;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploaderListener;
import io.github.uploadkit.openai.uploads.UploaderStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived machinery behind an {@code Uploader}: a pool of request threads, one per part
 * permit and per control permit of the {@link Scheduler} (16 and 64 by default, see
 * {@link Scheduler#controlPermits}; or the caller's executor), two threads for the md5 and content scans (the scan due
 * first goes first: see {@link Scan#ORDER}), one timer, one thread for a cancel that the
 * caller's executor refuses, and the {@link Scheduler} that shares them among every running
 * upload. Threads are made when needed and end after a minute idle, so live threads stay at most
 * the permits plus {@value #FIXED_THREADS} whatever the number of uploads.
 */
final class Engine implements AutoCloseable {
  /** Threads beside the request threads: scans, the timer and the fallback for cancels. */
  public static final int FIXED_THREADS = 4;
  private static final int SCAN_THREADS = 2;
  private static final long IDLE_SECONDS = 60;
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final OpenAiClient client;
  private final EngineClock clock;
  private final ThreadPoolExecutor requestPool;
  private final ThreadPoolExecutor fallbackPool;
  private final ThreadPoolExecutor scanPool;
  private final ScheduledThreadPoolExecutor timer;
  private final Scheduler scheduler;
  private final EngineEvents events;
  private final Set<Transfer> running = new LinkedHashSet<>();
  /** The threads the engine made and that may still be alive; dead ones are pruned as new ones come. */
  private final Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private boolean closed;

  /**
   * An engine sending through {@code client}; requests run on {@code executor}, which is never
   * shut down, or on a pool of the engine's own when it is null.
   */
  Engine(OpenAiClient client, int maxConcurrentParts, long maxBufferedBytes, Executor executor, UploaderListener listener,
      EngineClock clock) {
    this.client = client;
    this.clock = clock;
    this.events = new EngineEvents(listener);
    String name = "openai-uploads-" + ENGINES.incrementAndGet();
    Scheduler.Policy policy = Scheduler.Policy.fromSystemProperty();
    this.requestPool = executor == null
        ? pool(maxConcurrentParts + Scheduler.controlPermits(maxConcurrentParts, policy), name + "-request-") : null;
    this.fallbackPool = pool(1, name + "-cancel-");
    this.scanPool = new ThreadPoolExecutor(SCAN_THREADS, SCAN_THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
        policy == Scheduler.Policy.LATENCY ? new PriorityBlockingQueue<>(16, Scan.ORDER) : new LinkedBlockingQueue<>(),
        threadFactory(name + "-scan-"));
    scanPool.allowCoreThreadTimeOut(true);
    this.timer = new ScheduledThreadPoolExecutor(1, threadFactory(name + "-timer-"));
    timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close ends every upload first
    this.scheduler = new Scheduler(maxConcurrentParts, maxBufferedBytes,
        executor == null ? requestPool : executor, fallbackPool,
        (task, delayNanos) -> timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS), clock, policy);
  }

  private ThreadPoolExecutor pool(int size, String prefix) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threadFactory(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private ThreadFactory threadFactory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      threads.removeIf(thread -> thread.getState() == Thread.State.TERMINATED); // not a new one, not yet started
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      threads.add(thread);
      return thread;
    };
  }

  /**
   * Starts a validated upload and returns its handle.
   *
   * @throws IllegalStateException if the engine is closed
   * @throws io.github.uploadkit.openai.uploads.UploadValidationException if another upload holds
   *     the upload's journal; nothing was sent
   */
  public UploadHandle start(ValidatedUpload upload) {
    Transfer transfer = new Transfer(this, upload);
    synchronized (this) {
      if (closed) {
        throw closedError();
      }
    }
    transfer.lockJournal();
    synchronized (this) {
      if (closed) {
        transfer.ended();
        throw closedError();
      }
      running.add(transfer);
    }
    events.started(transfer.handle());
    transfer.start();
    return transfer.handle();
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("the uploader is closed or draining (close() was called), so it takes no new"
        + " uploads: start them on another Uploader");
  }

  /** Uploads started and not yet over. */
  public synchronized int runningUploads() {
    return running.size();
  }

  /** The engine as a whole now: counts, permits, parts waiting and the rate limit. */
  UploaderStats stats() {
    List<Transfer> now;
    synchronized (this) {
      now = new ArrayList<>(running);
    }
    int partsWaiting = 0;
    for (Transfer transfer : now) {
      partsWaiting += transfer.parts().waiting();
    }
    return events.stats(now.size(), scheduler.inFlight(), partsWaiting, scheduler.rateLimitState(),
        scheduler.pacingState());
  }

  /** Stops accepting uploads, cancels those still running; see {@link #drain}. */
  @Override
  public void close() {
    drain(Duration.ZERO, false);
  }

  /**
   * Stops accepting uploads, waits up to {@code deadline} for the running ones to end, then
   * pauses (when {@code pause}, and the source is a file) or cancels the rest (each on the server
   * too), waits until they are over and the engine's own threads have ended. An executor passed
   * in is not shut down. An interrupt stops the waiting; what has not ended then counts as
   * cancelled.
   */
  DrainResult drain(Duration deadline, boolean pause) {
    long startNanos = clock.nanoTime();
    List<Transfer> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(running);
    }
    boolean interrupted = false;
    if (!deadline.isZero()) {
      try {
        CompletableFuture.allOf(left.stream().map(transfer -> transfer.handle().ended().handle((result, error) -> null))
            .toArray(CompletableFuture[]::new)).get(deadline.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (TimeoutException | ExecutionException e) {
        // the deadline passed: the rest are stopped below
      }
    }
    int inTime = 0;
    int stopped = 0;
    for (Transfer transfer : left) {
      if (transfer.handle().ended().isDone()) {
        inTime++;
      } else if (pause && transfer.pausable()) {
        stopped++;
        transfer.pause();
      } else {
        stopped++;
        transfer.fail(Failure.of(Reason.CANCELLED, "the uploader was closed", null));
      }
    }
    for (Transfer transfer : left) {
      if (interrupted) {
        break;
      }
      try {
        transfer.handle().ended().handle((result, error) -> null).get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // the handle carries the outcome
      }
    }
    DrainResult result = DrainTally.of(left);
    if (!left.isEmpty() || !deadline.isZero()) {
      events.drained(left.size(), inTime, stopped - result.paused().size(), result.paused().size(),
          Duration.ofNanos(clock.nanoTime() - startNanos));
    }
    endThreads(interrupted);
    return result;
  }

  private void endThreads(boolean interrupted) {
    for (ExecutorService pool : new ExecutorService[] {requestPool, fallbackPool, scanPool, timer}) {
      if (pool != null) {
        pool.shutdown();
      }
    }
    try {
      for (ExecutorService pool : new ExecutorService[] {requestPool, fallbackPool, scanPool, timer}) {
        if (pool != null && !interrupted) {
          pool.awaitTermination(10, TimeUnit.SECONDS);
        }
      }
      for (Thread thread : threads) {
        if (!interrupted && thread != Thread.currentThread()) {
          thread.join(TimeUnit.SECONDS.toMillis(10)); // a pool is terminated a moment before its threads are gone
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** An upload is over; {@code error} is null when it completed. */
  void ended(Transfer transfer, UploadException error) {
    synchronized (this) {
      running.remove(transfer);
    }
    events.ended(transfer.handle(), transfer.describe(), error);
  }

  /** Whether the calling thread is one the engine made, which must never wait for an upload. */
  boolean ownsCurrentThread() {
    return threads.contains(Thread.currentThread());
  }

  EngineEvents events() {
    return events;
  }

  void scan(Runnable slice) {
    scanPool.execute(slice);
  }

  Scheduler scheduler() {
    return scheduler;
  }

  OpenAiClient client() {
    return client;
  }

  EngineClock clock() {
    return clock;
  }
}
