package io.github.uploadkit.openai.uploads.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.UploadProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonotonicProgressTest {
  private static UploadProgress at(long bytes, int parts, int retries) {
    return new UploadProgress(100, bytes, 5, parts, retries, 0, Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void neverGoesBackWhenSnapshotsArriveOutOfOrderOrBytesAreTakenBack() {
    MonotonicProgress shown = new MonotonicProgress();
    assertThat(shown.next(at(10, 0, 0)).bytesSent()).isEqualTo(10);
    assertThat(shown.next(at(6, 0, 0)).bytesSent()).isEqualTo(10); // an older snapshot, or a retry's take-back
    UploadProgress afterRetry = shown.next(at(8, 1, 1));
    assertThat(afterRetry.bytesSent()).isEqualTo(10);
    assertThat(afterRetry.partsCompleted()).isEqualTo(1);
    assertThat(afterRetry.retries()).isEqualTo(1);
    assertThat(shown.next(at(40, 0, 1)).partsCompleted()).isEqualTo(1);
    assertThat(shown.next(at(40, 0, 1)).bytesSent()).isEqualTo(40);
  }

  @Test
  void longNamesKeepTheirStartAndExtension() {
    assertThat(MonotonicProgress.shorten("train.jsonl", 20)).isEqualTo("train.jsonl");
    String shortened = MonotonicProgress.shorten("fine-tuning-examples-2026-11-26.jsonl", 20);
    assertThat(shortened).isEqualTo("fine-tunin~-26.jsonl").hasSize(20);
  }
}
