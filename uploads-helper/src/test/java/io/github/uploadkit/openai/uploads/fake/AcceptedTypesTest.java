package io.github.uploadkit.openai.uploads.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.internal.MimeTypes;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fake's tables and the validator's are kept apart on purpose, so that a mistake in one is
 * not repeated by the other; this test is where they must agree.
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
    for (Purpose purpose : Purpose.values()) {
      everyType.addAll(MimeTypes.typesAccepted(purpose));
    }
    everyType.addAll(Set.of("application/x-msdownload", "video/mp4", "text/plain; charset=utf-8"));
    for (Purpose purpose : Purpose.values()) {
      for (String type : everyType) {
        assertThat(AcceptedTypes.accepts(purpose.value(), type))
            .as("%s accepts %s", purpose.value(), type)
            .isEqualTo(MimeTypes.accepts(purpose, type));
      }
    }
  }
}
