package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-upload benchmarks against the fake server on loopback, side by side in one run: every
 * scenario runs once to warm up, then {@code --reps} interleaved rounds on the same file, and a
 * table gives median, min and max time, throughput, and the ratio to the scenario's reference.
 * Options: {@code --size-mib N} (1024), {@code --distant-size-mib N} (512), {@code --reps N} (5),
 * {@code --skip burst,replicas,service,folder,distant,memory,cpu}; the service scenario takes {@code --small N} (1000),
 * {@code --large N} (20), {@code --large-mib N} (64), and {@code --only service} runs it alone; the
 * burst scenario ({@link Burst}) takes {@code --burst-small N} (280), {@code --burst-large N} (20),
 * {@code --burst-reps N} (3), and {@code --only burst} runs it alone; the replicas sharing a
 * request budget ({@link ReplicaBudget}) take {@code --replicas 1,2,4,8}, {@code --files N} (40),
 * {@code --budget N} (40 a second), {@code --headers both|on|off}, and {@code --only replicas}
 * runs them alone; {@code --only folder} runs the folder scenario alone.
 */
public final class UploadBenchmarks {
  private static final long MIB = 1024 * 1024;

  interface Run {
    long run() throws Exception;
  }

  record Scenario(String name, String reference, Run run) {
  }

  private UploadBenchmarks() {
  }

  public static void main(String[] rawArgs) throws Exception {
    Map<String, String> options = options(rawArgs);
    long size = Long.parseLong(options.getOrDefault("size-mib", "1024")) * MIB;
    long distantSize = Long.parseLong(options.getOrDefault("distant-size-mib", "512")) * MIB;
    int reps = Integer.parseInt(options.getOrDefault("reps", "5"));
    String skip = options.getOrDefault("skip", "");
    System.out.printf("Machine: %d cores, %s %s, Java %s; %d interleaved rounds after one warm-up round%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), reps);

    Path dir = Files.createTempDirectory("upload-bench-");
    try {
      String only = options.get("only");
      if ("burst".equals(only) || only == null && !skip.contains("burst")) {
        Burst.run(dir, Integer.parseInt(options.getOrDefault("burst-small", "280")),
            Integer.parseInt(options.getOrDefault("burst-large", "20")), Integer.parseInt(options.getOrDefault("burst-reps", "3")));
      }
      if ("replicas".equals(only) || only == null && !skip.contains("replicas")) {
        ReplicaBudget.run(dir, options);
      }
      if (!skip.contains("service") && (only == null || only.equals("service"))) {
        ServiceLoad.run(dir, Integer.parseInt(options.getOrDefault("small", "1000")),
            Integer.parseInt(options.getOrDefault("large", "20")), Long.parseLong(options.getOrDefault("large-mib", "64")));
      }
      if (!skip.contains("folder") && (only == null || only.equals("folder")) && System.getProperty("cli.jar") != null) {
        folder(dir, size, reps);
      }
      if (only != null) {
        return;
      }
      Path file = TestFiles.randomFile(dir, "data.bin", size, size);
      Path jsonl = fineTuneFile(dir.resolve("train.jsonl"), size);
      try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false)
          .maxPartBytes(Long.MAX_VALUE).maxUploadBytes(Long.MAX_VALUE).start()) {
        Scenarios s = new Scenarios(server.baseUrl(), server.apiKey());
        String mib = size / MIB + " MiB";
        table("Loopback, one " + mib + " file (b, c, d against a)", reps, List.of(
            new Scenario("a. raw OkHttp streaming POST of the whole file", null, () -> s.rawPost(file)),
            new Scenario("a. MD5 alone over the file", null, () -> {
              Scenarios.md5(file);
              return size;
            }),
            new Scenario("b. helper, defaults (md5 on)", "a. MD5 alone over the file",
                () -> s.helper(file, Purpose.USER_DATA, 4, true, true)),
            new Scenario("b. helper, md5 off", "a. raw OkHttp streaming POST of the whole file",
                () -> s.helper(file, Purpose.USER_DATA, 4, false, true)),
            new Scenario("c. sequential 64 MiB parts in memory (Python helper's way)",
                "a. raw OkHttp streaming POST of the whole file", () -> s.sequentialInMemory(file)),
            new Scenario("d. official Java SDK, same sequential calls", "a. raw OkHttp streaming POST of the whole file",
                () -> s.officialSdk(file)),
            new Scenario("fine-tune JSONL, content checks off", null,
                () -> s.helper(jsonl, Purpose.FINE_TUNE, 4, true, false)),
            new Scenario("fine-tune JSONL, content checks on", "fine-tune JSONL, content checks off",
                () -> s.helper(jsonl, Purpose.FINE_TUNE, 4, true, true))));

        if (!skip.contains("tool") && System.getProperty("cli.jar") != null) {
          tool(file, jsonl, reps);
        }
        if (!skip.contains("cpu")) {
          cpu(server, file, reps);
        }
        if (!skip.contains("memory")) {
          memory(server, dir);
        }
      }
      if (!skip.contains("distant")) {
        distant(dir, distantSize, reps);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path path : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(path);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void distant(Path dir, long size, int reps) throws Exception {
    Path file = TestFiles.randomFile(dir, "distant.bin", size, size);
    try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false).bandwidthPerConnection(20_000_000)
        .latency(Duration.ofMillis(50)).start()) {
      Scenarios s = new Scenarios(server.baseUrl(), server.apiKey());
      String sequential = "e. helper, concurrency 1";
      List<Scenario> scenarios = new ArrayList<>();
      for (int n : new int[] {1, 4, 8, 16}) {
        scenarios.add(new Scenario("e. helper, concurrency " + n, n == 1 ? null : sequential,
            () -> s.helper(file, Purpose.USER_DATA, n, true, true)));
      }
      scenarios.add(new Scenario("e. c, sequential in memory", sequential, () -> s.sequentialInMemory(file)));
      scenarios.add(new Scenario("e. d, official Java SDK", sequential, () -> s.officialSdk(file)));
      Path jsonl = fineTuneFile(dir.resolve("distant.jsonl"), size);
      scenarios.add(new Scenario("e. fine-tune JSONL, concurrency 4, checks off", null,
          () -> s.helper(jsonl, Purpose.FINE_TUNE, 4, true, false)));
      scenarios.add(new Scenario("e. fine-tune JSONL, concurrency 4, checks on", "e. fine-tune JSONL, concurrency 4, checks off",
          () -> s.helper(jsonl, Purpose.FINE_TUNE, 4, true, true)));
      table("Distant server: 20 MB/s per connection, 50 ms latency, one " + size / MIB + " MiB file", reps, scenarios);
    }
  }

  /**
   * The command-line tool as a user runs it, a child JVM per run uploading to its embedded fake:
   * what md5 and the content checks cost end to end.
   */
  private static void tool(Path file, Path jsonl, int reps) throws Exception {
    long size = Files.size(file);
    table("The command-line tool to its embedded fake, one " + size / MIB + " MiB file per run", reps, List.of(
        new Scenario("random bytes, --no-md5", null, () -> tool(file, "user_data", "--no-md5")),
        new Scenario("random bytes, defaults (md5 on)", "random bytes, --no-md5", () -> tool(file, "user_data")),
        new Scenario("fine-tune JSONL, --no-check", null, () -> tool(jsonl, "fine-tune", "--no-check")),
        new Scenario("fine-tune JSONL, defaults (md5 and checks on)", "fine-tune JSONL, --no-check",
            () -> tool(jsonl, "fine-tune"))));
  }

  /**
   * The tool on a folder of four fine-tuning files of {@code size / 4} each: what checking every
   * file before the first request costs (a many-file run reads each file once to check it, then
   * again to send it), against sending without checks, and the checks alone.
   */
  private static void folder(Path dir, long size, int reps) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("folder"));
    for (int i = 0; i < 4; i++) {
      fineTuneFile(folder.resolve("train-" + i + ".jsonl"), size / 4);
    }
    String f = folder.toString();
    table("The command-line tool on a folder of 4 fine-tune JSONL files of " + size / 4 / MIB + " MiB, to its"
        + " embedded fake", reps, List.of(
        new Scenario("upload --no-check (one read, no checks)", null,
            () -> runTool(folder, "upload", f, "--purpose", "fine-tune", "--fake", "-q", "--no-check")),
        new Scenario("upload, defaults (every file checked first, then sent)", "upload --no-check (one read, no checks)",
            () -> runTool(folder, "upload", f, "--purpose", "fine-tune", "--fake", "-q")),
        new Scenario("check alone (the extra read, with the checks)", null,
            () -> runTool(folder, "check", f, "--purpose", "fine-tune"))));
    try (var files = Files.list(folder)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        Files.delete(path);
      }
    }
    Files.delete(folder);
  }

  private static long tool(Path file, String purpose, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("upload", file.toString(), "--purpose", purpose, "--fake", "-q"));
    args.addAll(List.of(options));
    return runTool(file, args.toArray(String[]::new));
  }

  /** Runs the tool with {@code args}; returns the bytes of {@code source}, a file or a folder's files. */
  private static long runTool(Path source, String... args) throws Exception {
    Path log = Files.createTempFile("openai-uploads-tool", ".log");
    try {
      Process child = ChildJvm.tool().output(log, null).start(args);
      if (child.waitFor() != 0) {
        throw new IllegalStateException("the tool failed: " + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
    if (!Files.isDirectory(source)) {
      return Files.size(source);
    }
    try (var files = Files.list(source)) {
      long bytes = 0;
      for (Path path : (Iterable<Path>) files::iterator) {
        bytes += Files.size(path);
      }
      return bytes;
    }
  }

  /** f: peak memory of an 8 GiB upload in a small heap, and the heap the sequential ways need. */
  private static void memory(FakeUploadsServer server, Path dir) throws Exception {
    Path sparse = dir.resolve("sparse-8g.bin");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength(8L * 1024 * MIB);
    }
    System.out.printf("%n### f. Memory: an 8 GiB sparse file, each run in a child JVM%n%n");
    System.out.println("| scenario | heap | result | seconds | peak RSS | GC time |");
    System.out.println("|---|---|---|---|---|---|");
    printChild("helper, defaults", "64m", child("helper", "-Xmx64m", server, sparse));
    for (String mode : List.of("sequential", "sdk")) {
      for (String heap : List.of("64m", "128m", "256m", "512m", "1g")) {
        Map<String, String> result = child(mode, "-Xmx" + heap, server, sparse);
        printChild(mode.equals("sdk") ? "d, official Java SDK" : "c, sequential in memory", heap, result);
        if (result.containsKey("seconds")) {
          break;
        }
      }
    }
    Files.delete(sparse);
  }

  private static void printChild(String name, String heap, Map<String, String> r) {
    if (!r.containsKey("seconds")) {
      System.out.printf("| %s | %s | failed: %s | | | |%n", name, heap, r.get("error"));
      return;
    }
    System.out.printf(Locale.ROOT, "| %s | %s | ok | %s | %d MiB | %s ms |%n", name, heap, r.get("seconds"),
        Long.parseLong(r.get("rss")) / MIB, r.get("gc"));
  }

  /** g: CPU seconds per GiB of the client process, measured in child JVMs. */
  private static void cpu(FakeUploadsServer server, Path file, int reps) throws Exception {
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    List<String> modes = List.of("raw", "md5", "helper", "helper-no-md5");
    for (int round = 0; round < Math.max(3, reps); round++) {
      for (String mode : modes) {
        Map<String, String> r = child(mode, "-Xmx512m", server, file);
        double gib = Double.parseDouble(r.get("bytes")) / (1024.0 * MIB);
        cpu.computeIfAbsent(mode, k -> new ArrayList<>()).add(Double.parseDouble(r.get("cpu")) / gib);
      }
    }
    double raw = median(cpu.get("raw"));
    double md5 = median(cpu.get("md5"));
    System.out.printf("%n### g. CPU: user plus system seconds per GiB of the client process (median of %d)%n%n",
        cpu.get("raw").size());
    System.out.println("| scenario | CPU s/GiB | against |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| a. raw POST | %.2f | |%n", raw);
    System.out.printf(Locale.ROOT, "| a. MD5 alone | %.2f | |%n", md5);
    System.out.printf(Locale.ROOT, "| b. helper, md5 on | %.2f | %.2fx of raw POST + MD5 alone |%n",
        median(cpu.get("helper")), median(cpu.get("helper")) / (raw + md5));
    System.out.printf(Locale.ROOT, "| b. helper, md5 off | %.2f | %.2fx of raw POST |%n",
        median(cpu.get("helper-no-md5")), median(cpu.get("helper-no-md5")) / raw);
  }

  private static Map<String, String> child(String mode, String heap, FakeUploadsServer server, Path file) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
        "-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), mode, server.baseUrl(), file.toString())
        .redirectErrorStream(true);
    builder.environment().put("OPENAI_API_KEY", server.apiKey());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Map<String, String> result = new LinkedHashMap<>();
    Matcher m = Pattern.compile("RESULT (.*)").matcher(output);
    if (process.exitValue() == 0 && m.find()) {
      for (String pair : m.group(1).trim().split(" ")) {
        String[] kv = pair.split("=");
        result.put(kv[0], kv[1]);
      }
    } else {
      result.put("error", output.contains("OutOfMemoryError") ? "OutOfMemoryError"
          : "exit " + process.exitValue() + ": " + output.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
    }
    return result;
  }

  private static void table(String title, int reps, List<Scenario> scenarios) throws Exception {
    Map<String, double[]> seconds = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      bytes.put(scenario.name(), scenario.run().run()); // warm-up round
      seconds.put(scenario.name(), new double[reps]);
    }
    for (int round = 0; round < reps; round++) {
      for (Scenario scenario : scenarios) {
        long start = System.nanoTime();
        scenario.run().run();
        seconds.get(scenario.name())[round] = (System.nanoTime() - start) / 1e9;
      }
    }
    System.out.printf("%n### %s%n%n", title);
    System.out.println("| scenario | median s | min s | max s | MB/s (median) | ratio to | ratio |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Scenario scenario : scenarios) {
      double[] s = seconds.get(scenario.name()).clone();
      Arrays.sort(s);
      double median = median(s);
      double rate = bytes.get(scenario.name()) / median / 1e6;
      String ratio = "";
      String against = "";
      if (scenario.reference() != null) {
        double[] ref = seconds.get(scenario.reference()).clone();
        Arrays.sort(ref);
        double refRate = bytes.get(scenario.reference()) / median(ref) / 1e6;
        ratio = String.format(Locale.ROOT, "%.2f", rate / refRate);
        against = scenario.reference();
      }
      System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.0f | %s | %s |%n", scenario.name(), median, s[0],
          s[s.length - 1], rate, against, ratio);
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
  }

  /** About {@code size} bytes of valid fine-tuning lines. */
  private static Path fineTuneFile(Path file, long size) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long written = 0;
      for (long i = 1; written < size; i++) {
        String line = "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},{\"role\":\"user\","
            + "\"content\":\"What is " + i + " squared? Show the arithmetic step by step, please.\"},{\"role\":"
            + "\"assistant\",\"content\":\"" + i + " x " + i + " = " + (i * i) + ".\"}]}\n";
        out.write(line);
        written += line.length();
      }
    }
    return file;
  }

  private static Map<String, String> options(String[] rawArgs) {
    List<String> args = new ArrayList<>();
    for (String arg : rawArgs) {
      args.addAll(Arrays.asList(arg.trim().split("\\s+")));
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.size(); i += 2) {
      options.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
    }
    return options;
  }
}
