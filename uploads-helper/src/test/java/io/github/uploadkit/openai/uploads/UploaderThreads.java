package io.github.uploadkit.openai.uploads;

import java.util.HashSet;
import java.util.Set;

/**
 * The live threads of uploaders ("openai-uploads-N-..."), and which uploader (engine N) owns
 * each, so that a test can watch its own uploader's threads while other tests' idle ones end on
 * their own; and the JVM's threads started since a moment, whoever started them.
 */
final class UploaderThreads {
  private static final String PREFIX = "openai-uploads-";

  private UploaderThreads() {
  }

  /** Every live uploader thread. */
  static Set<Thread> live() {
    Set<Thread> threads = all();
    threads.removeIf(thread -> !thread.getName().startsWith(PREFIX));
    return threads;
  }

  /** Every live thread, whatever its name. */
  static Set<Thread> all() {
    Thread[] all = new Thread[Thread.activeCount() + 64];
    int count = Thread.enumerate(all);
    Set<Thread> threads = new HashSet<>();
    for (int i = 0; i < count; i++) {
      threads.add(all[i]);
    }
    return threads;
  }

  /** How many live threads, whatever their names, were not in {@code before}. */
  static int anyStartedSince(Set<Thread> before) {
    Set<Thread> now = all();
    now.removeAll(before);
    return now.size();
  }

  /** How many live uploader threads were not in {@code before}. */
  static int startedSince(Set<Thread> before) {
    Set<Thread> now = live();
    now.removeAll(before);
    return now.size();
  }

  /** The engines ("openai-uploads-N") owning live threads that were not in {@code before}. */
  static Set<String> enginesStartedSince(Set<Thread> before) {
    Set<String> engines = new HashSet<>();
    for (Thread thread : live()) {
      if (!before.contains(thread)) {
        engines.add(engineOf(thread.getName()));
      }
    }
    return engines;
  }

  /** The names of the live threads of {@code engines}. */
  static Set<String> namesOf(Set<String> engines) {
    Set<String> names = new HashSet<>();
    for (Thread thread : live()) {
      if (engines.contains(engineOf(thread.getName()))) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  private static String engineOf(String threadName) {
    int second = threadName.indexOf('-', PREFIX.length());
    return second < 0 ? threadName : threadName.substring(0, second);
  }
}
