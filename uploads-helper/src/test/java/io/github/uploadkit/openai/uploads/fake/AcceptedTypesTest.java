package io.github.uploadkit.openai.uploads.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.Uploader;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fake's tables and the validator's are kept apart on purpose, so that a mistake in one is
 * not repeated by the other; this test is where they must agree (the validator is asked through
 * the public API, as a caller would).
 */
class AcceptedTypesTest {
  @Test
  void bothKnowTheSamePurposes() {
    assertThat(AcceptedTypes.purposes())
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Purpose.values()).map(Purpose::value).toList());
  }

  @Test
  void bothAcceptTheSameTypesForEveryPurpose() {
    Set<String> everyType = new TreeSet<>(AcceptedTypes.allNamed());
    everyType.addAll(Set.of("application/x-msdownload", "video/mp4", "image/svg+xml", "text/plain; charset=utf-8",
        "IMAGE/PNG", "application/jsonl; charset=utf-8"));
    try (Uploader uploader = Uploader.create(OpenAiClient.builder().apiKey("offline").baseUrl("http://127.0.0.1:9/")
        .build())) {
      for (Purpose purpose : Purpose.values()) {
        for (String type : everyType) {
          assertThat(AcceptedTypes.accepts(purpose.value(), type))
              .as("%s accepts %s", purpose.value(), type)
              .isEqualTo(validatorAccepts(uploader, purpose, type));
        }
      }
    }
  }

  private static boolean validatorAccepts(Uploader uploader, Purpose purpose, String type) {
    try {
      uploader.validate(UploadRequest.builder(new byte[] {1}, "data", purpose).mimeType(type).contentChecks(false).build());
      return true;
    } catch (UploadValidationException e) {
      if (!"mimeType".equals(e.field())) {
        throw e;
      }
      return false;
    }
  }
}
