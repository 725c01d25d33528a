package io.github.uploadkit.openai.uploads.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A fake OpenAI Uploads server on loopback, for offline use and tests. It keeps the API's rules:
 * the bearer key is required; Uploads go pending, then completed, cancelled or expired (one hour
 * after creation by its clock); parts are at most 64 MiB and never accepted after completion or
 * cancellation; completion checks that the listed parts exist, are listed once, add up to the
 * declared bytes, and match the md5; errors come in the API's JSON shape with an
 * {@code x-request-id}.
 *
 * <p>Part bodies are streamed: by default each part goes to a file in a temporary directory
 * (removed on {@link #close()}), so an 8 GiB upload needs disk, not memory; with
 * {@link Builder#keepPartBytes(boolean) keepPartBytes(false)} only sizes and digests are kept and
 * the md5 at completion is not checked. Faults ({@link Fault}), latency and a per-connection
 * bandwidth limit make it behave like a failing or distant server; a cap on parts
 * ({@link Builder#rateLimitParts}) and a request budget shared by all callers, announced in the
 * API's rate-limit headers ({@link Builder#requestBudget}), like a busy organization.
 *
 * <pre>{@code
 * try (FakeUploadsServer server = FakeUploadsServer.builder().start()) {
 *   OpenAiClient client = OpenAiClient.builder().apiKey(server.apiKey()).baseUrl(server.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 */
public final class FakeUploadsServer implements AutoCloseable {
  static {
    // The JDK server leaves Nagle's algorithm on, which with the client's delayed ACKs adds about
    // 40 ms to each small response; the API does not. Set unless the application chose already.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The key the server accepts unless another is set. */
  public static final String DEFAULT_API_KEY = "sk-fake-uploads-0000000000000000";

  /**
   * One request the server received: the operation (null for an unknown path), the Upload id (for
   * a File's retrieve, delete or content, the Upload that made the File; null when there is none),
   * and the status it answered (0 when it dropped the connection instead).
   */
  public record Call(@Nullable Operation operation, @Nullable String uploadId, int status) {
  }

  record Settings(String apiKey, Clock clock, Path partDirectory, long maxPartBytes, long maxUploadBytes,
      Duration uploadTtl, Duration latency, long bytesPerSecond, Chaos chaos, PartRateLimit rateLimit,
      RequestBudget budget) {
    InputStream throttle(InputStream in) {
      return bytesPerSecond > 0 ? new ThrottledInputStream(in, bytesPerSecond) : in;
    }
  }

  private final boolean ownDirectory;
  private final Thread cleanUp;
  private Settings settings;
  private FakeUploadsHandler handler;
  private ExecutorService executor;
  private HttpServer server;

  private FakeUploadsServer(Builder builder) throws IOException {
    Path directory = builder.partDirectory;
    this.ownDirectory = builder.keepPartBytes && directory == null;
    if (ownDirectory) {
      directory = Files.createTempDirectory("fake-uploads-");
    }
    Path made = ownDirectory ? directory : null;
    this.cleanUp = made == null ? null : new Thread(() -> deleteTree(made), "fake-uploads-cleanup");
    try {
      start(builder, directory);
    } catch (IOException | RuntimeException e) {
      if (made != null) {
        deleteTree(made); // nothing was started: leave no empty folder behind
      }
      throw e;
    }
    if (cleanUp != null) {
      Runtime.getRuntime().addShutdownHook(cleanUp); // Ctrl-C before close() removes the folder too
    }
  }

  private void start(Builder builder, Path directory) throws IOException {
    this.settings = new Settings(builder.apiKey, builder.clock, builder.keepPartBytes ? directory : null,
        builder.maxPartBytes, builder.maxUploadBytes, builder.uploadTtl, builder.latency, builder.bytesPerSecond,
        builder.chaos, builder.maxPartsInFlight > 0 || builder.partsPerSecond > 0
            ? new PartRateLimit(builder.maxPartsInFlight, builder.partsPerSecond, builder.retryAfter.toSeconds())
            : null,
        builder.budgetPerSecond > 0
            ? new RequestBudget(builder.budgetPerSecond, builder.budgetBurst, builder.budgetHeaders, builder.budgetNanoTime)
            : null);
    this.handler = new FakeUploadsHandler(settings);
    handler.faults.addAll(builder.faults);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "fake-uploads-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 64);
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
  }

  /** A builder with the API's limits, the system clock and part bytes kept on disk. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL to give the client, for example {@code http://127.0.0.1:50123/v1/}. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/v1/";
  }

  /** The loopback port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The API key the server accepts. */
  public String apiKey() {
    return settings.apiKey();
  }

  /** Adds a fault while the server runs. */
  public void addFault(Fault fault) {
    handler.faults.add(Objects.requireNonNull(fault));
  }

  /** Removes every scripted fault. */
  public void clearFaults() {
    handler.faults.clear();
  }

  /** Every Upload created, oldest first. */
  public List<FakeUpload> uploads() {
    List<FakeUploadState> states;
    synchronized (handler.uploads) {
      states = List.copyOf(handler.uploads.values());
    }
    return states.stream().map(FakeUploadState::snapshot).toList();
  }

  /** The Upload with this id, if the server created it. */
  public Optional<FakeUpload> upload(String id) {
    return Optional.ofNullable(handler.uploads.get(id)).map(FakeUploadState::snapshot);
  }

  /** How many requests for the operation arrived, faults included. */
  public int requestCount(Operation operation) {
    return handler.counts.get(operation).get();
  }

  /** The most part requests that were being received at the same moment. */
  public int maxConcurrentParts() {
    return handler.maxPartsInFlight.get();
  }

  /** Part requests refused with 429 by the rate limit ({@link Builder#rateLimitParts}), faults excluded. */
  public int rateLimitedRequests() {
    return settings.rateLimit() == null ? 0 : settings.rateLimit().refused.get();
  }

  /** Requests refused with 429 by the request budget ({@link Builder#requestBudget}), faults excluded. */
  public int budgetRefusals() {
    return settings.budget() == null ? 0 : settings.budget().refused.get();
  }

  /** The requests answered so far, in order: the newest 100,000, so that a long-running fake stays bounded. */
  public List<Call> calls() {
    synchronized (handler.calls) {
      return List.copyOf(handler.calls);
    }
  }

  /** Stops the server, waits briefly for requests in progress, and deletes the part files it made. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownDirectory) {
      deleteTree(settings.partDirectory());
      try {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException | UncheckedIOException e) {
      // a part file that a request still held; the temporary directory is left for the OS to clean
    }
  }

  @Override
  public String toString() {
    return "FakeUploadsServer{" + baseUrl() + "}";
  }

  /** Configures a {@link FakeUploadsServer}. */
  public static final class Builder {
    private String apiKey = DEFAULT_API_KEY;
    private Clock clock = Clock.systemUTC();
    private boolean keepPartBytes = true;
    private Path partDirectory;
    private long maxPartBytes = 64L * 1024 * 1024;
    private long maxUploadBytes = 8L * 1024 * 1024 * 1024;
    private Duration uploadTtl = Duration.ofHours(1);
    private Duration latency = Duration.ZERO;
    private long bytesPerSecond;
    private int port;
    private Chaos chaos;
    private int maxPartsInFlight;
    private int partsPerSecond;
    private Duration retryAfter = Duration.ofSeconds(1);
    private int budgetPerSecond;
    private int budgetBurst;
    private boolean budgetHeaders = true;
    private java.util.function.LongSupplier budgetNanoTime = System::nanoTime;
    private final List<Fault> faults = new java.util.ArrayList<>();

    private Builder() {
    }

    /** Sets the only API key the server accepts. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey);
      return this;
    }

    /** The clock that dates Uploads and expires them; see {@link ManualClock}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Whether part bytes are written to disk (needed to check the md5 at completion). On by default. */
    public Builder keepPartBytes(boolean keep) {
      this.keepPartBytes = keep;
      return this;
    }

    /** The directory for part files; by default a temporary one, deleted on close. */
    public Builder partDirectory(Path directory) {
      this.partDirectory = Objects.requireNonNull(directory);
      return this;
    }

    /** Sets the most bytes one part may carry; 64 MiB by default. */
    public Builder maxPartBytes(long maxPartBytes) {
      this.maxPartBytes = maxPartBytes;
      return this;
    }

    /** Sets the most bytes one Upload may declare; 8 GiB by default. */
    public Builder maxUploadBytes(long maxUploadBytes) {
      this.maxUploadBytes = maxUploadBytes;
      return this;
    }

    /** How long after creation an Upload expires; one hour by default. */
    public Builder uploadTtl(Duration ttl) {
      this.uploadTtl = Objects.requireNonNull(ttl);
      return this;
    }

    /** A wait before each request is handled, as a distant server would add. */
    public Builder latency(Duration latency) {
      this.latency = Objects.requireNonNull(latency);
      return this;
    }

    /** The most bytes per second read from each connection's request body; 0 for no limit. */
    public Builder bandwidthPerConnection(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("bytesPerSecond must be 0 or more, but was " + bytesPerSecond);
      }
      this.bytesPerSecond = bytesPerSecond;
      return this;
    }

    /** The loopback port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Injects seeded random faults into requests that no scripted {@link Fault} matches. */
    public Builder chaos(Chaos chaos) {
      this.chaos = Objects.requireNonNull(chaos);
      return this;
    }

    /**
     * Enforces a rate limit on part requests as the API does for an organization: a part that
     * arrives while {@code maxInFlight} are being received, or beyond {@code perSecond} in the
     * last second, is refused with 429 ({@code rate_limit_exceeded}) and {@code Retry-After:
     * retryAfter} in whole seconds, at least 1. A limit of 0 is no limit.
     */
    public Builder rateLimitParts(int maxInFlight, int perSecond, Duration retryAfter) {
      if (maxInFlight < 0 || perSecond < 0 || retryAfter.toSeconds() < 1) {
        throw new IllegalArgumentException("rateLimitParts needs limits of 0 or more and a retryAfter of at least 1 s,"
            + " but was " + maxInFlight + ", " + perSecond + ", " + retryAfter);
      }
      this.maxPartsInFlight = maxInFlight;
      this.partsPerSecond = perSecond;
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Shares a budget of requests among all callers, as the API does for an organization: a
     * bucket of {@code burst} requests that refills at {@code perSecond}, taken from by every
     * Uploads and Files request. A request that finds it empty is refused with 429
     * ({@code rate_limit_exceeded}) and {@code Retry-After} in whole seconds until one is back, at
     * least 1. Every answer announces the budget in the API's headers
     * ({@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
     * {@code x-ratelimit-reset-requests}) unless {@link #budgetHeaders(boolean)} turns them off.
     * Works beside {@link #rateLimitParts}: a part first takes from the budget, then meets the cap.
     *
     * @throws IllegalArgumentException if {@code perSecond} or {@code burst} is below 1
     */
    public Builder requestBudget(int perSecond, int burst) {
      if (perSecond < 1 || burst < 1) {
        throw new IllegalArgumentException("requestBudget needs at least 1 request per second and a burst of at least 1,"
            + " but was " + perSecond + " per second, burst " + burst);
      }
      this.budgetPerSecond = perSecond;
      this.budgetBurst = burst;
      return this;
    }

    /** Whether answers announce the {@link #requestBudget} in the API's headers; on by default. */
    public Builder budgetHeaders(boolean send) {
      this.budgetHeaders = send;
      return this;
    }

    /** The clock, in nanoseconds, that refills the {@link #requestBudget}; for tests that step it by hand. */
    Builder budgetClock(java.util.function.LongSupplier nanoTime) {
      this.budgetNanoTime = Objects.requireNonNull(nanoTime);
      return this;
    }

    /** Adds a scripted fault. */
    public Builder fault(Fault fault) {
      faults.add(Objects.requireNonNull(fault));
      return this;
    }

    /**
     * Starts the server on loopback.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public FakeUploadsServer start() {
      try {
        return new FakeUploadsServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("the fake Uploads server could not start: " + e.getMessage(), e);
      }
    }
  }
}
