package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadHandle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived machinery behind an {@code Uploader}: a pool of request threads, one per part
 * permit and per control permit of the {@link Scheduler} (twice {@code maxConcurrentParts} by
 * default; or the caller's executor), two threads for the md5 and content scans (the scan due
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
  private final Set<Transfer> running = new LinkedHashSet<>();
  /** The threads the engine made and that may still be alive; dead ones are pruned as new ones come. */
  private final Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private boolean closed;

  /**
   * An engine sending through {@code client}; requests run on {@code executor}, which is never
   * shut down, or on a pool of the engine's own when it is null.
   */
  Engine(OpenAiClient client, int maxConcurrentParts, long maxBufferedBytes, Executor executor, EngineClock clock) {
    this.client = client;
    this.clock = clock;
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
        throw new IllegalStateException("the uploader is closed; build a new one to upload");
      }
    }
    transfer.lockJournal();
    synchronized (this) {
      if (closed) {
        transfer.ended();
        throw new IllegalStateException("the uploader is closed; build a new one to upload");
      }
      running.add(transfer);
    }
    transfer.start();
    return transfer.handle();
  }

  /** Uploads started and not yet over. */
  public synchronized int runningUploads() {
    return running.size();
  }

  /**
   * Stops accepting uploads, cancels those still running (each on the server too), waits until
   * they are over and the engine's own threads have ended. An executor passed in is not shut down.
   */
  @Override
  public void close() {
    List<Transfer> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(running);
    }
    for (Transfer transfer : left) {
      transfer.fail(Failure.of(Reason.CANCELLED, "the uploader was closed", null));
    }
    boolean interrupted = false;
    for (Transfer transfer : left) {
      try {
        transfer.handle().ended().handle((result, error) -> null).get();
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      } catch (Exception e) {
        // the handle carries the outcome
      }
    }
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

  void ended(Transfer transfer) {
    synchronized (this) {
      running.remove(transfer);
    }
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
