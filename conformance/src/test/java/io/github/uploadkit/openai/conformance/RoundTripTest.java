package io.github.uploadkit.openai.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Json;
import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.client.internal.Internals;
import io.github.uploadkit.openai.client.internal.Required;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** How the conformance check compares an example with what the client writes back. */
public class RoundTripTest {
  private final Moshi moshi = Internals.moshi().build();

  // public: Moshi reads only public records
  public record Point(@Required @Json(name = "x") Long x, @Json(name = "label") @Nullable String label) {
  }

  @Test
  void nullAndAbsentAreAlikeAndNumbersCompareByValue() {
    assertThat(RoundTrip.check(moshi, Point.class, ResponseExamples.parse("{\"x\":1,\"label\":null}"))).isNull();
    assertThat(RoundTrip.check(moshi, Object.class, ResponseExamples.parse("{\"t\":1.0,\"u\":[1e2]}"))).isNull();
  }

  @Test
  void aPropertyLostOnTheWayIsReportedWithItsPath() {
    assertThat(RoundTrip.check(moshi, Point.class, ResponseExamples.parse("{\"x\":1,\"y\":[2]}")))
        .isEqualTo("$.y: [2] became null or absent");
  }

  @Test
  void anExampleTheClientRefusesForItsSchemaIsAContradictionOtherFailuresAreNot() {
    String missing = RoundTrip.check(moshi, Point.class, ResponseExamples.parse("{\"label\":\"a\"}"));
    String wrongType = RoundTrip.check(moshi, Point.class, ResponseExamples.parse("{\"x\":{\"n\":1}}"));

    assertThat(RoundTrip.contradiction(missing)).isEqualTo("lacks a property its schema requires");
    assertThat(RoundTrip.contradiction(wrongType)).isEqualTo("has a JSON type its schema does not allow");
    assertThat(RoundTrip.contradiction("$.y: [2] became null or absent")).isNull();
  }

  @Test
  void examplesWrittenForPeopleAreReadLeniently() {
    assertThat(ResponseExamples.parse("{\n  \"a\": [1,\n  ...\n  ],\n}")).isNotNull();
    assertThat(ResponseExamples.parse("data: {\"a\":1}\n\ndata: {\"a\":2}")).isNull();
  }
}
