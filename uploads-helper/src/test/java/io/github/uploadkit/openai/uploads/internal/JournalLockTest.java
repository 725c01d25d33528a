package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's lock file is deleted on release, and deleting it never lets two holders in. */
class JournalLockTest {
  @TempDir
  Path dir;

  @Test
  void releasingDeletesTheLockFileAndTheNextTakeMakesItAgain() {
    Path journal = dir.resolve("data.json");
    Path lockFile = dir.resolve("data.json.lock");
    try (JournalLock lock = JournalLock.take(journal)) {
      assertThat(lockFile).exists();
    }
    assertThat(lockFile).doesNotExist();
    try (JournalLock again = JournalLock.take(journal)) {
      assertThat(lockFile).exists();
    }
    assertThat(lockFile).doesNotExist();
  }

  @Test
  void threadsTakingAndDeletingTheSameLockNeverHoldItTwoAtOnce() throws Exception {
    Path journal = dir.resolve("shared.json");
    int threads = 8;
    int rounds = 300;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(pool.submit(() -> {
          go.await();
          for (int round = 0; round < rounds; round++) {
            JournalLock lock;
            try {
              lock = JournalLock.take(journal);
            } catch (UploadValidationException held) {
              assertThat(held.code()).isEqualTo(UploadValidationException.Code.JOURNAL_IN_USE);
              refused.incrementAndGet();
              continue;
            }
            try {
              most.accumulateAndGet(holders.incrementAndGet(), Math::max);
              taken.incrementAndGet();
              Thread.yield();
            } finally {
              holders.decrementAndGet();
              lock.close();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(most.get()).as("most holders at once (%s taken, %s refused)", taken, refused).isEqualTo(1);
    assertThat(taken.get()).isPositive();
    assertThat(dir.resolve("shared.json.lock")).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
