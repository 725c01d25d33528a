package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.TestFiles;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The scan pass with the checks on a helper thread beside the md5: same bytes, same md5, failures thrown. */
class SourceScannerTest {
  static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** Counts what it is fed and the thread it runs on; fails on the chunk numbered {@code failAt}. */
  static final class Counting implements ContentInspector {
    final AtomicLong fed = new AtomicLong();
    final AtomicReference<String> thread = new AtomicReference<>();
    final int failAt;
    int chunks;

    Counting(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void accept(ByteBuffer chunk) {
      thread.set(Thread.currentThread().getName());
      if (++chunks == failAt) {
        throw new OutOfMemoryError("simulated by the test");
      }
      fed.addAndGet(chunk.remaining());
    }

    @Override
    public boolean failed() {
      return false;
    }

    @Override
    public ContentReport finish() {
      return new ContentReport(java.util.List.of(), 0, 0);
    }
  }

  @Test
  void theChecksSeeEveryByteWithAHelperBesideAndTheMd5IsTheFiles() throws Exception {
    byte[] data = bytes(5 * SourceScanner.CHUNK + 123);
    Counting checks = new Counting(-1);
    ExecutorService helper = Executors.newSingleThreadExecutor(task -> new Thread(task, "helper"));
    try {
      SourceScanner scanner = new BufferPartSource(ByteBuffer.wrap(data), true, checks).scanner();
      while (scanner.step(helper)) {
        assertThat(checks.fed.get()).isPositive();
      }
      assertThat(checks.fed.get()).isEqualTo(data.length);
      assertThat(scanner.md5()).isEqualTo(TestFiles.md5(data));
    } finally {
      helper.shutdown();
    }
  }

  @Test
  void anErrorInTheChecksOnTheHelperIsThrownFromTheStepAndNothingWaits() throws Exception {
    byte[] data = bytes(4 * SourceScanner.CHUNK);
    Counting checks = new Counting(2);
    ExecutorService helper = Executors.newFixedThreadPool(2);
    try {
      SourceScanner scanner = new BufferPartSource(ByteBuffer.wrap(data), true, checks).scanner();
      assertThat(scanner.step(helper)).isTrue();
      assertThatThrownBy(() -> scanner.step(helper)).isInstanceOf(OutOfMemoryError.class)
          .hasMessage("simulated by the test");
    } finally {
      helper.shutdown();
    }
    assertThat(helper.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aHelperThatRefusesLeavesTheChecksToTheScanningThread() throws Exception {
    byte[] data = bytes(2 * SourceScanner.CHUNK);
    Counting checks = new Counting(-1);
    SourceScanner scanner = new BufferPartSource(ByteBuffer.wrap(data), true, checks).scanner();
    java.util.concurrent.Executor refusing = task -> {
      throw new java.util.concurrent.RejectedExecutionException("closed");
    };
    while (scanner.step(refusing)) {
      // each chunk checked here
    }
    assertThat(checks.fed.get()).isEqualTo(data.length);
    assertThat(checks.thread.get()).isEqualTo(Thread.currentThread().getName());
  }
}
