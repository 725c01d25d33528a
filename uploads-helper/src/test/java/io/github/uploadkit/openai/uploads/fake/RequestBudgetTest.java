package io.github.uploadkit.openai.uploads.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.FakeClients;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The fake's request budget: a shared bucket, refusals with Retry-After, and the API's headers on every answer. */
class RequestBudgetTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(7_000 * MS);

  @Test
  void aBurstGoesAtOnceThenRequestsComeBackAtTheRefillRate() {
    RequestBudget budget = new RequestBudget(40, 40, true, now::get);
    for (int i = 39; i >= 0; i--) {
      RequestBudget.Admission admission = budget.take();
      assertThat(admission.admitted()).isTrue();
      assertThat(admission.remaining()).isEqualTo(i);
    }
    RequestBudget.Admission refused = budget.take();
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.resetNanos()).isEqualTo(1_000 * MS);
    assertThat(budget.refused.get()).isEqualTo(1);
    now.addAndGet(25 * MS); // one request's worth at 40 a second; the refusal took none
    RequestBudget.Admission next = budget.take();
    assertThat(next.admitted()).isTrue();
    assertThat(next.remaining()).isZero();
    assertThat(budget.take().admitted()).isFalse();
    now.addAndGet(500 * MS);
    RequestBudget.Admission half = budget.take();
    assertThat(half.remaining()).isEqualTo(19);
    assertThat(half.resetNanos()).isEqualTo(525 * MS);
  }

  @Test
  void aRefusedRequestIsToldTheWholeSecondsUntilOneIsBack() {
    RequestBudget slow = new RequestBudget(1, 1, true, now::get);
    assertThat(slow.take().admitted()).isTrue();
    now.addAndGet(100 * MS);
    RequestBudget.Admission refused = slow.take();
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    RequestBudget verySlow = new RequestBudget(1, 5, true, now::get);
    for (int i = 0; i < 5; i++) {
      verySlow.take();
    }
    assertThat(verySlow.take().resetNanos()).isEqualTo(5_000 * MS);
  }

  @Test
  void durationsAreWrittenAsTheApiWritesThem() {
    assertThat(RequestBudget.duration(0)).isEqualTo("0s");
    assertThat(RequestBudget.duration(12 * MS)).isEqualTo("12ms");
    assertThat(RequestBudget.duration(999 * MS)).isEqualTo("999ms");
    assertThat(RequestBudget.duration(1_000 * MS)).isEqualTo("1s");
    assertThat(RequestBudget.duration(1_500 * MS)).isEqualTo("1.5s");
    assertThat(RequestBudget.duration(1_025 * MS)).isEqualTo("1.025s");
    assertThat(RequestBudget.duration(360_000 * MS)).isEqualTo("6m0s");
    assertThat(RequestBudget.duration(3_723_500 * MS)).isEqualTo("1h2m3.5s");
    assertThat(RequestBudget.duration(3_600_000 * MS)).isEqualTo("1h0m0s");
  }

  @Test
  void everyAnswerCarriesTheBudgetAndOneOverItIsRefusedWithRetryAfter() throws IOException {
    try (FakeUploadsServer server = FakeUploadsServer.builder().requestBudget(1, 3).budgetClock(now::get).start()) {
      OkHttpClient http = FakeClients.of(server).httpClient();
      for (int left = 2; left >= 0; left--) {
        try (Response ok = http.newCall(create(server)).execute()) {
          assertThat(ok.code()).isEqualTo(200);
          assertThat(ok.header("x-ratelimit-limit-requests")).isEqualTo("3");
          assertThat(ok.header("x-ratelimit-remaining-requests")).isEqualTo(Integer.toString(left));
          assertThat(ok.header("x-ratelimit-reset-requests")).matches("\\d+(\\.\\d+)?s|\\d+ms");
        }
      }
      try (Response refused = http.newCall(create(server)).execute()) {
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(refused.header("x-ratelimit-reset-requests")).isEqualTo("3s"); // the clock stands still
        assertThat(refused.body().string()).contains("rate_limit_exceeded");
      }
      try (Response badPath = http.newCall(new Request.Builder().url(server.baseUrl() + "nowhere").build()).execute()) {
        assertThat(badPath.code()).isEqualTo(404); // unknown paths are not the API's requests: no budget
      }
      assertThat(server.budgetRefusals()).isEqualTo(1);
      assertThat(server.requestCount(Operation.CREATE)).isEqualTo(4);
    }
  }

  @Test
  void withTheHeadersOffTheBudgetStillHoldsButIsNotAnnounced() throws IOException {
    try (FakeUploadsServer server = FakeUploadsServer.builder().requestBudget(1, 1).budgetHeaders(false).budgetClock(now::get)
        .start()) {
      OkHttpClient http = FakeClients.of(server).httpClient();
      try (Response ok = http.newCall(create(server)).execute()) {
        assertThat(ok.code()).isEqualTo(200);
        assertThat(ok.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("x-ratelimit"));
      }
      try (Response refused = http.newCall(create(server)).execute()) {
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("x-ratelimit"));
      }
      assertThat(server.budgetRefusals()).isEqualTo(1);
    }
  }

  private static Request create(FakeUploadsServer server) {
    return new Request.Builder().url(server.baseUrl() + "uploads").post(RequestBody.create(
        "{\"filename\":\"a.jsonl\",\"purpose\":\"batch\",\"bytes\":10,\"mime_type\":\"text/jsonl\"}",
        MediaType.get("application/json"))).build();
  }
}
