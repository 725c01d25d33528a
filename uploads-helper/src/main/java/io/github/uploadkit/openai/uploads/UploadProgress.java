package io.github.uploadkit.openai.uploads;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a running upload. {@code bytesSent} counts bytes written to the network and
 * goes down again when a failed attempt's bytes are taken back before a retry.
 *
 * @param totalBytes the size of the source
 * @param bytesSent the bytes of parts on the wire or stored, never more than {@code totalBytes}
 * @param partsTotal the number of parts
 * @param partsCompleted the parts the server has stored
 * @param retries the retries scheduled so far, over all requests, rate-limit waits excluded
 * @param throttledRequests the requests refused for the rate limit (429) and queued again
 * @param throttledTime the time this upload's requests spent waiting for the rate limit
 * @param elapsed the time since the upload started
 */
public record UploadProgress(
    long totalBytes, long bytesSent, int partsTotal, int partsCompleted, int retries, int throttledRequests,
    Duration throttledTime, Duration elapsed) {

  /** The share of bytes sent, 0 to 1. */
  public double fraction() {
    return totalBytes == 0 ? 0 : (double) bytesSent / totalBytes;
  }

  /** Bytes per second since the start. */
  public double bytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytesSent / seconds;
  }

  /** The time left at the average rate so far; empty until something was sent. */
  public Optional<Duration> eta() {
    double rate = bytesPerSecond();
    if (rate <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) ((totalBytes - bytesSent) / rate * 1000)));
  }
}
