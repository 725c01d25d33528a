package io.github.uploadkit.openai.uploads;

import java.time.Duration;

/**
 * A snapshot of an {@link Uploader} as a whole, from {@link Uploader#stats()}: for gauges and
 * counters of a service's metrics. Counts are since the uploader was built; the other values are
 * those of the moment. Immutable.
 *
 * @param uploadsRunning uploads started and not yet over
 * @param uploadsStarted uploads started or resumed
 * @param uploadsCompleted uploads whose Upload was completed
 * @param uploadsFailed uploads that failed
 * @param uploadsCancelled uploads cancelled (by their handle, an interrupt or a close)
 * @param uploadsPaused uploads paused, their Upload left pending
 * @param requestsInFlight requests under way now: parts, and the requests that create, complete
 *     and cancel Uploads (control permits of their own beside the parts', which short parts may
 *     also take; see {@link Uploader.Builder#maxConcurrentParts(int)})
 * @param partsWaiting parts of running uploads waiting to be sent: not yet started, or ready to
 *     be sent again after a failed attempt
 * @param maxConcurrentParts the part permits, as built
 * @param rateLimit the requests allowed in flight now: lower than {@code maxConcurrentParts} for a
 *     while after a refusal (429)
 * @param rateLimitPause how much longer every request waits for the rate limit; zero when none
 * @param announcedRequestLimit the requests the organization's budget holds when full, as the
 *     server last announced it ({@code x-ratelimit-limit-requests}); -1 before any announcement
 * @param announcedRequestsLeft the requests of that budget left for this uploader (the announced
 *     remaining, less the requests started since); -1 before any announcement
 * @param pacingDelay how long a request ready now waits so that the budget lasts until it resets
 * @param throttledRequests requests refused for the rate limit (429) and queued again
 * @param throttledTime the time requests spent waiting for the rate limit, added up
 * @param retries requests scheduled again after a retryable error, rate-limit waits excluded
 * @param bytesSent bytes of parts written to the network, less those of failed attempts taken
 *     back; parts stored before a resume not included
 */
public record UploaderStats(
    int uploadsRunning,
    long uploadsStarted,
    long uploadsCompleted,
    long uploadsFailed,
    long uploadsCancelled,
    long uploadsPaused,
    int requestsInFlight,
    int partsWaiting,
    int maxConcurrentParts,
    int rateLimit,
    Duration rateLimitPause,
    long announcedRequestLimit,
    long announcedRequestsLeft,
    Duration pacingDelay,
    long throttledRequests,
    Duration throttledTime,
    long retries,
    long bytesSent) {
}
