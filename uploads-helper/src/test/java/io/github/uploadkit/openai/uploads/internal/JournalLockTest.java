package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uploadkit.openai.uploads.ChildJvm;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals are locked in their folder's one lock file: one holder at a time, in this process and across processes. */
class JournalLockTest {
  @TempDir
  Path dir;

  @Test
  void manyJournalsOfAFolderLeaveOneEmptyLockFileAndNothingPerJournal() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (JournalLock lock = JournalLock.take(dir.resolve("journal-" + i + ".json"))) {
        assertThat(dir.resolve(JournalLock.LOCK_FILE)).isRegularFile();
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).containsExactly(JournalLock.LOCK_FILE);
    }
    assertThat(dir.resolve(JournalLock.LOCK_FILE)).isEmptyFile();
  }

  @Test
  void aHeldJournalIsRefusedAndOtherJournalsOfItsFolderAreNot() {
    Path journal = dir.resolve("a.json");
    try (JournalLock held = JournalLock.take(journal); JournalLock other = JournalLock.take(dir.resolve("b.json"))) {
      assertThatThrownBy(() -> JournalLock.take(journal))
          .isInstanceOf(UploadValidationException.class)
          .hasMessage("another upload is using the journal " + journal + " (its lock in " + dir.resolve(JournalLock.LOCK_FILE)
              + " is held): wait for it to end, or stop it; nothing was sent")
          .extracting(e -> ((UploadValidationException) e).code()).isEqualTo(UploadValidationException.Code.JOURNAL_IN_USE);
    }
    JournalLock.take(journal).close();
  }

  @Test
  void aJournalReachedThroughALinkedFolderIsTheSameJournal() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    try (JournalLock held = JournalLock.take(real.resolve("a.json"))) {
      assertThatThrownBy(() -> JournalLock.take(link.resolve("a.json"))).hasMessageContaining("another upload is using");
    }
    JournalLock.take(link.resolve("a.json")).close();
    assertThat(link.resolve(JournalLock.LOCK_FILE)).isRegularFile();
  }

  @Test
  void aLinkOrAPipeInPlaceOfTheLockFileIsRefusedAndLeftAsItIs() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "untouched\n");
    Path linked = Files.createDirectories(dir.resolve("linked"));
    Files.createSymbolicLink(linked.resolve(JournalLock.LOCK_FILE), victim);
    assertThatThrownBy(() -> JournalLock.take(linked.resolve("a.json")))
        .isInstanceOf(UploadValidationException.class).hasMessageContaining("is not a regular file");
    assertThat(Files.readString(victim)).isEqualTo("untouched\n");

    Path piped = Files.createDirectories(dir.resolve("piped"));
    Process mkfifo = new ProcessBuilder("mkfifo", piped.resolve(JournalLock.LOCK_FILE).toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> JournalLock.take(piped.resolve("a.json")))
        .isInstanceOf(UploadValidationException.class).hasMessageContaining("is not a regular file");
  }

  @Test
  void aJournalInAFolderThatDoesNotExistIsRefusedSayingSo() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> JournalLock.take(missing.resolve("a.json")))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage("the journal's lock in " + missing.resolve(JournalLock.LOCK_FILE) + " cannot be taken: its folder "
            + missing + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void theLockFileIsNeverTakenAsAJournal() throws IOException {
    Path lockFile = dir.resolve(JournalLock.LOCK_FILE);
    assertThatThrownBy(() -> JournalLock.take(lockFile))
        .isInstanceOf(UploadValidationException.class)
        .hasMessage(lockFile + " is the lock file of the journals of its folder (or a link to one), so it is never used as a journal:"
            + " choose another journal path");
    assertThat(lockFile).doesNotExist();
    try (JournalLock held = JournalLock.take(dir.resolve("a.json"))) {
      assertThat(UploadJournal.isJournal(lockFile)).isFalse();
      assertThatThrownBy(() -> UploadJournal.read(lockFile))
          .isInstanceOf(UploadValidationException.class).hasMessageContaining("is never used as a journal");
    }
    assertThat(lockFile).isEmptyFile();
  }

  @Test
  void aLinkToTheLockFileIsNeverTakenAsAJournalEither() throws IOException {
    Path lockFile = dir.resolve(JournalLock.LOCK_FILE);
    Path link = Files.createSymbolicLink(dir.resolve("planted.json"), lockFile.getFileName());
    try (JournalLock held = JournalLock.take(dir.resolve("a.json"))) { // makes the lock file the link points at
      assertThat(UploadJournal.isJournal(link)).isFalse();
      assertThatThrownBy(() -> UploadJournal.read(link))
          .isInstanceOf(UploadValidationException.class).hasMessageContaining("is never used as a journal");
      assertThatThrownBy(() -> JournalLock.take(link)).hasMessageContaining("is never used as a journal");
    }
    assertThat(lockFile).isEmptyFile();
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void threadsTakingTheSameJournalNeverHoldItTwoAtOnce() throws Exception {
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
        Path own = dir.resolve("own-" + t + ".json");
        runs.add(pool.submit(() -> {
          go.await();
          for (int round = 0; round < rounds; round++) {
            // a journal of its own too, now and then, so that the folder's lock file is opened and
            // closed while others hold the shared journal
            JournalLock mine = round % 3 == 0 ? JournalLock.take(own) : null;
            JournalLock lock;
            try {
              lock = JournalLock.take(journal);
            } catch (UploadValidationException held) {
              assertThat(held.getMessage()).startsWith("another upload is using the journal");
              refused.incrementAndGet();
              if (mine != null) {
                mine.close();
              }
              continue;
            }
            try {
              most.accumulateAndGet(holders.incrementAndGet(), Math::max);
              taken.incrementAndGet();
              if (mine != null) {
                mine.close();
              }
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
    System.out.printf("JournalLockTest: %d threads x %d rounds: %d taken, %d refused, most holders at once %d%n",
        threads, rounds, taken.get(), refused.get(), most.get());
    assertThat(most.get()).as("most holders at once (%s taken, %s refused)", taken, refused).isEqualTo(1);
    assertThat(taken.get()).isPositive();
    assertThat(taken.get() + refused.get()).isEqualTo(threads * rounds);
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).containsExactly(JournalLock.LOCK_FILE);
    }
  }

  @Test
  void anInterruptedThreadTakingAndReleasingLeavesTheOtherLocksOfTheFolderHeld() throws Exception {
    Path journal = dir.resolve("a.json");
    try (JournalLock held = JournalLock.take(journal)) {
      Thread.currentThread().interrupt();
      try {
        JournalLock.take(dir.resolve("b.json")).close();
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
      }
      assertThatThrownBy(() -> JournalLock.take(journal)).hasMessageContaining("another upload is using");
      assertThat(child("try", journal).waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(lastChild.exitValue()).as(Files.readString(log())).isEqualTo(JournalLockMain.REFUSED);
    }
  }

  @Test
  void anotherProcessHoldingTheJournalIsRefusedUntilItEnds() throws Exception {
    Path journal = dir.resolve("a.json");
    Process holder = child("hold", journal);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log()).contains("held") && holder.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Files.readString(log())).startsWith("held");
      assertThatThrownBy(() -> JournalLock.take(journal)).hasMessageContaining("another upload is using");
      try (JournalLock other = JournalLock.take(dir.resolve("b.json"))) {
        assertThat(other).as("another journal of the folder is free").isNotNull();
      }
    } finally {
      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    try (JournalLock lock = JournalLock.take(journal)) {
      assertThat(child("try", journal).waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(lastChild.exitValue()).as(Files.readString(log())).isEqualTo(JournalLockMain.REFUSED);
      assertThat(Files.readString(log())).startsWith("another upload is using the journal " + journal);
    }
    assertThat(child("try", journal).waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lastChild.exitValue()).as(Files.readString(log())).isZero();
  }

  @TempDir
  Path logs;
  private Process lastChild;
  private Path log;

  /** Starts {@link JournalLockMain} with {@code mode} on {@code journal}, its output in {@link #log()}. */
  private Process child(String mode, Path journal) throws IOException {
    log = logs.resolve("child-" + System.nanoTime() + ".log");
    lastChild = ChildJvm.main(JournalLockMain.class).output(log, null).start(mode, journal.toString());
    return lastChild;
  }

  /** What the last child printed. */
  private Path log() {
    return log;
  }
}
