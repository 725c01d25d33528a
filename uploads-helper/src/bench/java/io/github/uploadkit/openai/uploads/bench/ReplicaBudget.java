package io.github.uploadkit.openai.uploads.bench;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicas of a service sharing one organization's request budget: for each number of replicas,
 * that many JVMs, one {@code Uploader} each, upload {@code files} small files each (one part, so
 * three requests an upload) at the same moment to one fake whose budget of {@code perSecond}
 * requests a second (burst as large) is shared by all. Prints, with the budget's headers sent
 * and with them off: the requests refused as a share of all, the wall time against the budget's
 * minimum (the requests needed at {@code perSecond}), and when the first and the last replica
 * finished. Options: {@code --replicas 1,2,4,8}, {@code --files 40}, {@code --budget 40},
 * {@code --headers both|on|off}.
 */
final class ReplicaBudget {
  private static final Pattern RESULT = Pattern.compile(
      "RESULT start=(\\d+) end=(\\d+) completed=(\\d+) failed=(\\d+) pending=(\\d+)");
  private static final int REQUESTS_PER_UPLOAD = 3; // create, one part, complete

  private record Replica(long start, long end, int completed, int failed, int pending) {
  }

  private ReplicaBudget() {
  }

  static void run(Path dir, Map<String, String> options) throws Exception {
    int[] counts = java.util.Arrays.stream(options.getOrDefault("replicas", "1,2,4,8").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int files = Integer.parseInt(options.getOrDefault("files", "40"));
    int perSecond = Integer.parseInt(options.getOrDefault("budget", "40"));
    String headers = options.getOrDefault("headers", "both");
    Path folder = Files.createDirectories(dir.resolve("replica-files"));
    Random random = new Random(22);
    for (int i = 0; i < files; i++) {
      TestFiles.randomFile(folder, String.format("file-%03d.bin", i), 1_000 + random.nextInt(31_000), i);
    }
    try {
      for (boolean announce : new boolean[] {true, false}) {
        if (headers.equals(announce ? "off" : "on")) {
          continue;
        }
        System.out.printf("%n### Replicas sharing a budget of %d requests a second (burst %d), %d files of 1 to 32 KB"
            + " each, budget headers %s%n%n", perSecond, perSecond, files, announce ? "sent" : "off");
        System.out.println("| replicas | uploads completed | requests | refused (429) | refused share | wall s"
            + " | budget's minimum s | wall / minimum | first / last replica done, s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int replicas : counts) {
          row(replicas, files, perSecond, announce, folder, dir);
        }
      }
    } finally {
      try (var made = Files.list(folder)) {
        for (Path file : (Iterable<Path>) made::iterator) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(folder);
    }
  }

  private static void row(int replicas, int files, int perSecond, boolean announce, Path folder, Path dir)
      throws Exception {
    try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false)
        .requestBudget(perSecond, perSecond).budgetHeaders(announce).start()) {
      List<Process> children = new ArrayList<>();
      List<Path> outputs = new ArrayList<>();
      try {
        for (int i = 0; i < replicas; i++) {
          Path out = dir.resolve("replica-" + i + ".out");
          outputs.add(out);
          children.add(ChildJvm.main(ReplicaChild.class, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
              .env("OPENAI_API_KEY", server.apiKey()).output(out, null).start(server.baseUrl(), folder.toString()));
        }
        for (int i = 0; i < replicas; i++) {
          awaitLine(outputs.get(i), "READY", children.get(i));
        }
        for (Process child : children) { // all at once, as replicas of a service restarted together
          OutputStream go = child.getOutputStream();
          go.write("go\n".getBytes(StandardCharsets.UTF_8));
          go.flush();
        }
        List<Replica> results = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
          if (!children.get(i).waitFor(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("replica " + i + " did not finish in 10 minutes");
          }
          results.add(result(outputs.get(i)));
        }
        print(replicas, files, perSecond, server, results);
      } finally {
        children.forEach(Process::destroyForcibly);
        for (Path out : outputs) {
          Files.deleteIfExists(out);
        }
      }
    }
  }

  private static void print(int replicas, int files, int perSecond, FakeUploadsServer server, List<Replica> results) {
    long start = results.stream().mapToLong(Replica::start).min().orElseThrow();
    long end = results.stream().mapToLong(Replica::end).max().orElseThrow();
    long firstDone = results.stream().mapToLong(Replica::end).min().orElseThrow();
    int completed = results.stream().mapToInt(Replica::completed).sum();
    int failed = results.stream().mapToInt(Replica::failed).sum();
    int pending = results.stream().mapToInt(Replica::pending).sum();
    int requests = 0;
    for (Operation op : Operation.values()) {
      requests += server.requestCount(op);
    }
    int refused = server.budgetRefusals();
    double wall = (end - start) / 1000.0;
    double minimum = (double) replicas * files * REQUESTS_PER_UPLOAD / perSecond;
    String done = completed + " of " + replicas * files + (failed > 0 ? ", " + failed + " failed" : "")
        + (pending > 0 ? ", " + pending + " pending" : "");
    System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.1f%% | %.2f | %.2f | %.2fx | %.2f / %.2f |%n", replicas,
        done, requests, refused, 100.0 * refused / requests, wall, minimum, wall / minimum,
        (firstDone - start) / 1000.0, wall);
  }

  private static void awaitLine(Path out, String line, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.readString(out, StandardCharsets.UTF_8).contains(line)) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("a replica did not start: " + Files.readString(out, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
  }

  private static Replica result(Path out) throws IOException {
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("a replica printed no result: " + text);
    }
    return new Replica(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
  }
}
