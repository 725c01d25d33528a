package io.github.uploadkit.openai.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.fake.FakeUploadsServer;
import io.github.uploadkit.openai.uploads.fake.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploaders pace on the request budget the server announces: two of them in one JVM, knowing
 * nothing of each other, share one budget with almost no refusals, where without the headers
 * they are refused at once; and a server that announces nothing sees the engine as before.
 */
class BudgetPacingTest {
  private static final int UPLOADS_EACH = 15;

  @TempDir
  Path dir;

  /**
   * The same two uploaders with and without the headers, side by side in one test, since how many
   * requests an announced budget saves depends on how fast this machine answers at the moment: on
   * a machine shared with other builds the paced run was refused 0 to 9 times (of about 95
   * requests) and the unpaced one 33 to 53 times.
   */
  @Test
  void anAnnouncedBudgetSparesTwoUploadersMostOfTheirRefusals() throws Exception {
    Outcome unpaced = twoUploaders(false);
    Outcome paced = twoUploaders(true);

    assertThat(unpaced.completed).isEqualTo(2 * UPLOADS_EACH); // the 429s' backstop still gets everything through
    assertThat(paced.completed).isEqualTo(2 * UPLOADS_EACH);
    assertThat(unpaced.refused).isGreaterThanOrEqualTo(10); // the 30 parts go at once, into an empty budget
    assertThat(paced.refused * 2).as("refused with the headers %s, without %s", paced, unpaced)
        .isLessThan(unpaced.refused);
  }

  @Test
  void aServerThatAnnouncesNoBudgetSeesTheEngineAsBefore() throws Exception {
    Path file = TestFiles.randomFile(dir, "eight-parts.bin", 8 * 1024, 8);
    try (FakeUploadsServer server = FakeUploadsServer.builder().bandwidthPerConnection(512).start();
        Uploader uploader = Uploader.builder(FakeClients.of(server)).maxConcurrentParts(8).build()) {
      uploader.upload(UploadRequest.builder(file, Purpose.USER_DATA).partSize(1024).concurrency(8).build());
      assertThat(server.maxConcurrentParts()).isEqualTo(8); // each part read for 2 s: all eight at once, none held back
    }
  }

  private record Outcome(int completed, int requests, int refused) {
  }

  /**
   * Two uploaders, 15 small uploads each (45 requests each), against 20 requests a second with a
   * burst of 30: the 30 creates that go before any answer (nothing is paced before the budget is
   * announced) fit the burst; what follows must be paced.
   */
  private Outcome twoUploaders(boolean headers) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < UPLOADS_EACH; i++) {
      files.add(TestFiles.randomFile(dir, (headers ? "on-" : "off-") + i + ".bin", 1_000 + 100 * i, i));
    }
    try (FakeUploadsServer server = FakeUploadsServer.builder().keepPartBytes(false).requestBudget(20, 30)
            .budgetHeaders(headers).start();
        Uploader first = Uploader.create(FakeClients.of(server));
        Uploader second = Uploader.create(FakeClients.of(server))) {
      List<UploadHandle> handles = new ArrayList<>();
      for (Path file : files) {
        handles.add(first.start(UploadRequest.builder(file, Purpose.USER_DATA).build()));
        handles.add(second.start(UploadRequest.builder(file, Purpose.USER_DATA).build()));
      }
      int completed = 0;
      for (UploadHandle handle : handles) {
        handle.join();
        completed++;
      }
      int requests = 0;
      for (Operation op : Operation.values()) {
        requests += server.requestCount(op);
      }
      return new Outcome(completed, requests, server.budgetRefusals());
    }
  }
}
