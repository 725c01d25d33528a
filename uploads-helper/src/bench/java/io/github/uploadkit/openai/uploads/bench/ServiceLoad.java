package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.FakeClients;
import io.github.uploadkit.openai.uploads.PeakSampler;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.Uploader;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A service's day through one uploader: {@code large} uploads of {@code largeMib} MiB started
 * first, then {@code small} uploads of 1 to 100 KB while they run, against a fake with a distant
 * server's latency and per-connection bandwidth. Prints throughput, how long the small uploads
 * took while the large ones ran (fairness), peak threads and peak heap.
 */
final class ServiceLoad {
  private ServiceLoad() {
  }

  static void run(Path dir, int small, int large, long largeMib) throws Exception {
    List<Path> smallFiles = new ArrayList<>();
    Random random = new Random(7);
    long smallBytes = 0;
    for (int i = 0; i < small; i++) {
      Path file = TestFiles.randomFile(dir, "small-" + i + ".bin", 1_000 + random.nextInt(99_000), i);
      smallFiles.add(file);
      smallBytes += Files.size(file);
    }
    List<Path> largeFiles = new ArrayList<>();
    Path largeSource = TestFiles.randomFile(dir, "large-0.bin", largeMib << 20, 99);
    largeFiles.add(largeSource);
    for (int i = 1; i < large; i++) {
      largeFiles.add(Files.createLink(dir.resolve("large-" + i + ".bin"), largeSource));
    }
    long largeBytes = large * (largeMib << 20);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseHeap = memory.getHeapMemoryUsage().getUsed();
    try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false).latency(Duration.ofMillis(20))
        .bandwidthPerConnection(20_000_000).start();
        Uploader uploader = Uploader.builder(FakeClients.of(server)).build()) {
      threads.resetPeakThreadCount();
      PeakSampler peakHeap = PeakSampler.start(() -> memory.getHeapMemoryUsage().getUsed(), Duration.ofMillis(20));
      long start = System.nanoTime();
      List<UploadHandle> largeHandles = new ArrayList<>();
      for (Path file : largeFiles) {
        largeHandles.add(uploader.start(UploadRequest.of(file, Purpose.USER_DATA)));
      }
      Thread.sleep(1000);
      long aloneStart = System.nanoTime();
      uploader.upload(UploadRequest.of(smallFiles.get(0), Purpose.USER_DATA));
      double alone = (System.nanoTime() - aloneStart) / 1e9;
      long smallStart = System.nanoTime();
      double[] smallSeconds = new double[small];
      List<CompletableFuture<?>> smallDone = new ArrayList<>();
      for (int i = 0; i < small; i++) {
        int index = i;
        long started = System.nanoTime();
        smallDone.add(uploader.start(UploadRequest.of(smallFiles.get(i), Purpose.USER_DATA)).completionFuture()
            .thenRun(() -> smallSeconds[index] = (System.nanoTime() - started) / 1e9));
      }
      CompletableFuture.allOf(smallDone.toArray(CompletableFuture[]::new)).join();
      double allSmall = (System.nanoTime() - smallStart) / 1e9;
      int largeStillRunning = (int) largeHandles.stream().filter(h -> !h.completionFuture().isDone()).count();
      largeHandles.forEach(UploadHandle::join);
      double total = (System.nanoTime() - start) / 1e9;
      peakHeap.stop();
      Arrays.sort(smallSeconds);
      System.out.printf("%nService load: %d x %d MiB started first, then %d small (1-100 KB, %.1f MiB in all), one"
          + " Uploader with default limits; fake with 20 ms latency and 20 MB/s per connection%n", large, largeMib, small,
          smallBytes / 1048576.0);
      System.out.println("| figure | value |");
      System.out.println("|---|---|");
      System.out.printf("| wall time, all uploads | %.2f s |%n", total);
      System.out.printf("| throughput, all bytes | %.1f MB/s |%n", (largeBytes + smallBytes) / 1e6 / total);
      System.out.printf("| one small upload alone while the large ones run, start to File | %.2f s |%n", alone);
      System.out.printf("| then all %d small uploads at once: done after | %.2f s (large ones still running: %d of %d) |%n",
          small, allSmall, largeStillRunning, large);
      System.out.printf("| one small upload, start to File: median / p95 / max | %.2f / %.2f / %.2f s |%n",
          smallSeconds[small / 2], smallSeconds[(int) (small * 0.95)], smallSeconds[small - 1]);
      System.out.printf("| peak live threads in the JVM (the fake's included) | %d |%n", threads.getPeakThreadCount());
      System.out.printf("| peak heap used above the start | %.1f MiB |%n", (peakHeap.peak() - baseHeap) / 1048576.0);
    }
  }
}
