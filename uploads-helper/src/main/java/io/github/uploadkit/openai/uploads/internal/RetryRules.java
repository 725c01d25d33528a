package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a failed request is tried again and how long to wait, as the official SDKs
 * do: connection failures, timeouts, 408, 409, 429 and 5xx are retried unless
 * {@code x-should-retry} says otherwise; the server's wait is honoured up to a cap. Errors that
 * another attempt cannot heal are not retried: a certificate or TLS handshake refused, a host
 * name that does not resolve, a malformed answer.
 */
final class RetryRules {
  private final RetryPolicy policy;
  private final DoubleSupplier random;

  RetryRules(RetryPolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
  }

  RetryPolicy policy() {
    return policy;
  }

  /** Whether the error is one that another attempt may fix. */
  static boolean isRetryable(Throwable error) {
    if (error instanceof SourceException || error instanceof MalformedResponseException || cannotHeal(error)) {
      return false;
    }
    if (error instanceof OpenAiApiException api) {
      Optional<Boolean> hint = api.shouldRetry();
      if (hint.isPresent()) {
        return hint.get();
      }
      if ("insufficient_quota".equals(api.errorCode())) {
        return false;
      }
      int status = api.statusCode();
      return status == 408 || status == 409 || status == 429 || status >= 500;
    }
    return error instanceof IOException;
  }

  /** A failure of TLS (certificate, handshake) or of name resolution, anywhere in the causes. */
  private static boolean cannotHeal(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLHandshakeException || cause instanceof javax.net.ssl.SSLPeerUnverifiedException
          || cause instanceof java.security.cert.CertificateException || cause instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a retryable error is the rate limit speaking: a 429 (except {@code insufficient_quota},
   * which waiting does not fix), or a 503 that says how long to wait.
   */
  static boolean isThrottle(Throwable error) {
    if (!(error instanceof OpenAiApiException api)) {
      return false;
    }
    return api.statusCode() == 429 || api.statusCode() == 503 && api.retryAfter().isPresent();
  }

  /** The wait before retry number {@code retry} (from 1) after {@code error}. */
  Duration delay(int retry, Throwable error) {
    if (error instanceof OpenAiApiException api) {
      Optional<Duration> asked = api.retryAfter();
      if (asked.isPresent() && asked.get().compareTo(policy.maxServerDelay()) <= 0) {
        return asked.get();
      }
    }
    long initial = policy.initialBackoff().toNanos();
    long max = policy.maxBackoff().toNanos();
    long base = retry >= 62 ? max : Math.min(max, initial * (1L << Math.min(retry - 1, 40)));
    if (base < 0) {
      base = max;
    }
    double factor = 1 - policy.jitter() * random.getAsDouble();
    return Duration.ofNanos((long) (base * factor));
  }
}
