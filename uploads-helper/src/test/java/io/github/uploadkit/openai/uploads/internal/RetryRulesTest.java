package io.github.uploadkit.openai.uploads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.RetryPolicy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryRulesTest {
  @Test
  void connectionFailuresAndTimeoutsAreRetryableButSourceErrorsAreNot() {
    assertThat(RetryRules.isRetryable(new IOException("reset"))).isTrue();
    assertThat(RetryRules.isRetryable(new SocketTimeoutException("timeout"))).isTrue();
    assertThat(RetryRules.isRetryable(new SourceException("changed"))).isFalse();
    assertThat(RetryRules.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void backoffDoublesFromHalfASecondToEightWithJitterTakenOff() {
    RetryRules noJitter = new RetryRules(RetryPolicy.defaults(), () -> 0.0);
    assertThat(noJitter.delay(1, new IOException())).isEqualTo(Duration.ofMillis(500));
    assertThat(noJitter.delay(2, new IOException())).isEqualTo(Duration.ofSeconds(1));
    assertThat(noJitter.delay(5, new IOException())).isEqualTo(Duration.ofSeconds(8));
    assertThat(noJitter.delay(50, new IOException())).isEqualTo(Duration.ofSeconds(8));
    assertThat(noJitter.delay(100, new IOException())).isEqualTo(Duration.ofSeconds(8));
    RetryRules fullJitter = new RetryRules(RetryPolicy.defaults(), () -> 1.0);
    assertThat(fullJitter.delay(1, new IOException())).isEqualTo(Duration.ofMillis(375));
  }
}
