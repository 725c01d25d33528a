package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived machinery behind an {@code Uploader}: a pool for part requests (or the
 * caller's executor), a few threads for create, complete and cancel, two for the md5 and content
 * scans, one timer, and the {@link Scheduler} that shares them among every running upload.
 * Threads are made when needed and end after a minute idle, so live threads stay below
 * {@code maxConcurrentParts} plus {@value #FIXED_THREADS} whatever the number of uploads.
 */
public final class Engine implements AutoCloseable {
  /** Threads beside the part threads: control requests, scans and the timer. */
  public static final int FIXED_THREADS = Scheduler.CONTROL_SLOTS + 2 + 1;
  private static final int SCAN_THREADS = 2;
  private static final long IDLE_SECONDS = 60;
  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final OpenAiClient client;
  private final Clock clock;
  private final ThreadPoolExecutor partPool;
  private final ThreadPoolExecutor controlPool;
  private final ThreadPoolExecutor scanPool;
  private final ScheduledThreadPoolExecutor timer;
  private final Scheduler scheduler;
  private final Set<Transfer> running = new LinkedHashSet<>();
  private boolean closed;

  /**
   * An engine sending through {@code client}; part requests run on {@code partExecutor}, which
   * is never shut down, or on a pool of the engine's own when it is null.
   */
  public Engine(OpenAiClient client, int maxConcurrentParts, long maxBufferedBytes, Executor partExecutor, Clock clock) {
    this.client = client;
    this.clock = clock;
    String name = "openai-uploads-" + ENGINES.incrementAndGet();
    this.partPool = partExecutor == null ? pool(maxConcurrentParts, name + "-part-") : null;
    this.controlPool = pool(Scheduler.CONTROL_SLOTS, name + "-control-");
    this.scanPool = pool(SCAN_THREADS, name + "-scan-");
    this.timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer-"));
    timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = new Scheduler(maxConcurrentParts, maxBufferedBytes,
        partExecutor == null ? partPool : partExecutor, controlPool, timer);
  }

  private static ThreadPoolExecutor pool(int size, String prefix) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts a validated upload and returns its handle.
   *
   * @throws IllegalStateException if the engine is closed
   */
  public UploadHandle start(ValidatedUpload upload) {
    Transfer transfer = new Transfer(this, upload);
    synchronized (this) {
      if (closed) {
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

  /** Part permits in use, the adaptive limit and the requests throttled so far. */
  public String describe() {
    return scheduler.describe();
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
    for (ExecutorService pool : new ExecutorService[] {partPool, controlPool, scanPool, timer}) {
      if (pool != null) {
        pool.shutdown();
      }
    }
    try {
      for (ExecutorService pool : new ExecutorService[] {partPool, controlPool, scanPool, timer}) {
        if (pool != null && !interrupted) {
          pool.awaitTermination(10, TimeUnit.SECONDS);
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

  Clock clock() {
    return clock;
  }
}
