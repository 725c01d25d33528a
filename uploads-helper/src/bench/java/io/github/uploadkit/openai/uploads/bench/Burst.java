package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.FakeClients;
import io.github.uploadkit.openai.uploads.PeakSampler;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A service's burst: {@code large} files of 24 to 40 MB and {@code small} ones of 10 KB to 1 MB,
 * shuffled and started at once through one Uploader with its defaults, against a fake that
 * answers every request after 50 ms. Each round runs the engine's scheduling policies in turn
 * (the system property {@value #POLICY}): the round-robin policy of before and the latency one.
 * Prints, per policy, the median over rounds of: the run's time, when half and 95% of the small
 * files were done and when the last large one was, as a share of the run, throughput, and the
 * peak of the uploader's threads.
 */
final class Burst {
  static final String POLICY = "io.github.uploadkit.openai.uploads.scheduling"; // Scheduler.Policy.POLICY_PROPERTY
  private static final String[] POLICIES = {"round-robin", "latency"};

  private Burst() {
  }

  record Round(double seconds, double smallP50, double smallP95, double largeFirst, double largeLast, double mbPerSecond,
      long threads) {
  }

  static void run(Path dir, int small, int large, int reps) throws Exception {
    Random random = new Random(19);
    List<Path> files = new ArrayList<>();
    List<Boolean> isSmall = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < large; i++) {
      Path file = TestFiles.randomFile(dir, "burst-large-" + i + ".bin", 24_000_000 + random.nextInt(16_000_001), i);
      files.add(file);
      bytes += Files.size(file);
    }
    for (int i = 0; i < small; i++) {
      Path file = TestFiles.randomFile(dir, "burst-small-" + i + ".bin", 10_000 + random.nextInt(990_001), 1000 + i);
      files.add(file);
      bytes += Files.size(file);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      order.add(i);
      isSmall.add(i >= large);
    }
    Collections.shuffle(order, new Random(5));
    List<List<Round>> rounds = new ArrayList<>();
    for (String ignored : POLICIES) {
      rounds.add(new ArrayList<>());
    }
    String before = System.getProperty(POLICY);
    try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false).latency(Duration.ofMillis(50))
        .start()) {
      for (int rep = 0; rep <= reps; rep++) { // round 0 warms up
        for (int p = 0; p < POLICIES.length; p++) {
          System.setProperty(POLICY, POLICIES[p]);
          Round round = round(server, files, isSmall, order, bytes);
          if (rep > 0) {
            rounds.get(p).add(round);
          }
        }
      }
    } finally {
      if (before == null) {
        System.clearProperty(POLICY);
      } else {
        System.setProperty(POLICY, before);
      }
    }
    System.out.printf("%nBurst: %d files of 24-40 MB and %d of 10 KB-1 MB (%.0f MB in all), shuffled and started at once"
        + " through one Uploader with defaults; fake answering every request after 50 ms; median of %d rounds%n",
        large, small, bytes / 1e6, reps);
    System.out.println("| policy | run | small files: half done at | 95% done at | large files done at (first - last)"
        + " | throughput | peak uploader threads |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int p = 0; p < POLICIES.length; p++) {
      List<Round> r = rounds.get(p);
      System.out.printf("| %s | %.2f s | %.0f%% | %.0f%% | %.0f%% - %.0f%% | %.0f MB/s | %d |%n", POLICIES[p],
          median(r, Round::seconds), 100 * median(r, Round::smallP50), 100 * median(r, Round::smallP95),
          100 * median(r, Round::largeFirst), 100 * median(r, Round::largeLast), median(r, Round::mbPerSecond),
          (long) median(r, round -> round.threads()));
    }
    double ratio = median(rounds.get(1), Round::seconds) / median(rounds.get(0), Round::seconds);
    System.out.printf("run time, latency / round-robin: %.2fx%n", ratio);
  }

  private static Round round(FakeUploadsServer server, List<Path> files, List<Boolean> isSmall, List<Integer> order,
      long bytes) {
    double[] done = new double[files.size()];
    PeakSampler threads = PeakSampler.start(Burst::uploaderThreads, Duration.ofMillis(10));
    long start = System.nanoTime();
    try (Uploader uploader = Uploader.create(FakeClients.of(server))) {
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int index : order) {
        all.add(uploader.start(UploadRequest.of(files.get(index), Purpose.USER_DATA)).completionFuture()
            .thenRun(() -> done[index] = (System.nanoTime() - start) / 1e9));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }
    double seconds = Arrays.stream(done).max().orElseThrow();
    threads.stop();
    double[] small = shares(done, isSmall, true, seconds);
    double[] large = shares(done, isSmall, false, seconds);
    return new Round(seconds, small[small.length / 2], small[(int) Math.ceil(small.length * 0.95) - 1], large[0],
        large[large.length - 1], bytes / 1e6 / seconds, threads.peak());
  }

  private static double[] shares(double[] done, List<Boolean> isSmall, boolean small, double seconds) {
    List<Double> shares = new ArrayList<>();
    for (int i = 0; i < done.length; i++) {
      if (isSmall.get(i) == small) {
        shares.add(done[i] / seconds);
      }
    }
    return shares.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static long uploaderThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("openai-uploads-")).count();
  }

  private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
    double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
    return values.length % 2 == 1 ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
  }
}
