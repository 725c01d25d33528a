package io.github.uploadkit.openai.uploads.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.uploadkit.openai.uploads.Purpose;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One scenario in a JVM of its own, so that its heap can be limited and its CPU time and peak
 * memory measured apart from the fake server. Prints one line: {@code RESULT seconds=.. cpu=..
 * rss=.. gc=..}.
 */
public final class BenchChild {
  private BenchChild() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String baseUrl = args[1];
    Path file = Path.of(args[2]);
    Scenarios scenarios = new Scenarios(baseUrl, System.getenv("OPENAI_API_KEY"));
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long gcBefore = gcMillis();
    long start = System.nanoTime();
    switch (mode) {
      case "raw" -> scenarios.rawPost(file);
      case "md5" -> Scenarios.md5(file);
      case "helper" -> scenarios.helper(file, Purpose.USER_DATA, 4, true, true);
      case "helper-no-md5" -> scenarios.helper(file, Purpose.USER_DATA, 4, false, true);
      case "sequential" -> scenarios.sequentialInMemory(file);
      case "sdk" -> scenarios.officialSdk(file);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    System.out.printf("RESULT seconds=%.3f cpu=%.3f rss=%d gc=%d bytes=%d%n", seconds, cpu, peakRssBytes(),
        gcMillis() - gcBefore, Files.size(file));
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
  }

  /** VmHWM, the peak resident set size of this process. */
  private static long peakRssBytes() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
