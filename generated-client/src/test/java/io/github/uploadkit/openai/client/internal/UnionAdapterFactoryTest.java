package io.github.uploadkit.openai.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The unions, numbers and free-form values of the client's Moshi, on types shaped as the templates make them. */
// public: Moshi reads only public records
public class UnionAdapterFactoryTest {
  private final Moshi moshi = Internals.moshi().build();

  public record Auto(@Required @Json(name = "type") AutoType type) {
    public enum AutoType {
      @Json(name = "auto") AUTO("auto");

      AutoType(String value) {
      }
    }
  }

  public record Static(@Required @Json(name = "type") StaticType type, @Required @Json(name = "static") Map<String, Object> settings) {
    public enum StaticType {
      @Json(name = "static") STATIC("static");

      StaticType(String value) {
      }
    }
  }

  @Union(discriminator = "type")
  public sealed interface Strategy {
    record AutoValue(Auto value) implements Strategy {
    }

    record StaticValue(Static value) implements Strategy {
    }

    @Union.Unknown
    record Unknown(@Nullable Object json) implements Strategy {
    }
  }

  @Union
  public sealed interface Query {
    record StringValue(String value) implements Query {
    }

    record ListStringValue(List<String> value) implements Query {
    }

    @Union.Unknown
    record Unknown(@Nullable Object json) implements Query {
    }
  }

  public record Message(@Required @Json(name = "role") String role, @Json(name = "content") @Nullable String content) {
  }

  public record Call(@Required @Json(name = "name") String name, @Json(name = "arguments") @Nullable String arguments) {
  }

  @Union
  public sealed interface Item {
    record MessageValue(Message value) implements Item {
    }

    record CallValue(Call value) implements Item {
    }

    @Union.Unknown
    record Unknown(@Nullable Object json) implements Item {
    }
  }

  public record Sampling(@Json(name = "temperature") @Nullable BigDecimal temperature,
      @Json(name = "metadata") @Nullable Map<String, Object> metadata) {
  }

  @Test
  void aDiscriminatedUnionIsReadByItsDiscriminatorAndWrittenBackAsItWas() throws IOException {
    JsonAdapter<Strategy> adapter = moshi.adapter(Strategy.class);

    assertThat(adapter.fromJson("{\"type\":\"auto\"}")).isEqualTo(new Strategy.AutoValue(new Auto(Auto.AutoType.AUTO)));
    Strategy read = adapter.fromJson("{\"static\":{\"max\":800},\"type\":\"static\"}");
    assertThat(read).isInstanceOf(Strategy.StaticValue.class);
    assertThat(adapter.toJson(read)).isEqualTo("{\"type\":\"static\",\"static\":{\"max\":800}}");
    assertThat(adapter.toJson(new Strategy.AutoValue(new Auto(Auto.AutoType.AUTO)))).isEqualTo("{\"type\":\"auto\"}");
  }

  @Test
  void anUnknownDiscriminatorValueIsKeptWholeAndWrittenBackUnchanged() throws IOException {
    JsonAdapter<Strategy> adapter = moshi.adapter(Strategy.class);
    String json = "{\"type\":\"other\",\"size\":12345678901234567890.50,\"tags\":[\"a\",null,true]}";

    Strategy read = adapter.fromJson(json);

    assertThat(read).isInstanceOf(Strategy.Unknown.class);
    assertThat(adapter.toJson(read)).isEqualTo(json);
  }

  @Test
  void aKnownDiscriminatorWithABrokenBodyFailsInsteadOfPassingAsUnknown() {
    JsonAdapter<Strategy> adapter = moshi.adapter(Strategy.class);

    assertThatThrownBy(() -> adapter.fromJson("{\"type\":\"static\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("static");
  }

  @Test
  void jsonThatEndsEarlyIsMalformedNotAnInputErrorToRetry() {
    assertThatThrownBy(() -> moshi.adapter(Strategy.class).fromJson("{\"type\":\"other\",\"x\":[1,"))
        .isInstanceOf(com.squareup.moshi.JsonEncodingException.class)
        .hasMessageStartingWith("The JSON ends early");
    assertThatThrownBy(() -> moshi.adapter(Object.class).fromJson("{\"id\": [1, 2"))
        .isInstanceOf(com.squareup.moshi.JsonEncodingException.class);
  }

  @Test
  void aUnionWithoutDiscriminatorIsToldByTheJsonShape() throws IOException {
    JsonAdapter<Query> adapter = moshi.adapter(Query.class);

    assertThat(adapter.fromJson("\"cats\"")).isEqualTo(new Query.StringValue("cats"));
    assertThat(adapter.fromJson("[\"cats\",\"dogs\"]")).isEqualTo(new Query.ListStringValue(List.of("cats", "dogs")));
    assertThat(adapter.fromJson("42")).isEqualTo(new Query.Unknown(new BigDecimal("42")));
    assertThat(adapter.toJson(new Query.ListStringValue(List.of("a")))).isEqualTo("[\"a\"]");
  }

  @Test
  void amongObjectVariantsTheOneWhoseRequiredAndKnownPropertiesFitIsChosen() throws IOException {
    JsonAdapter<Item> adapter = moshi.adapter(Item.class);

    assertThat(adapter.fromJson("{\"name\":\"f\",\"arguments\":\"{}\"}")).isEqualTo(new Item.CallValue(new Call("f", "{}")));
    assertThat(adapter.fromJson("{\"role\":\"user\",\"content\":\"hi\"}"))
        .isEqualTo(new Item.MessageValue(new Message("user", "hi")));
  }

  @Test
  void numbersAndFreeFormValuesKeepEveryDigit() throws IOException {
    JsonAdapter<Sampling> adapter = moshi.adapter(Sampling.class);
    String json = "{\"temperature\":1.0,\"metadata\":{\"big\":12345678901234567890123,\"f\":0.23999999463558197,"
        + "\"list\":[1,2.50],\"nested\":{\"ok\":false}}}";

    Sampling read = adapter.fromJson(json);

    assertThat(read.temperature()).isEqualTo(new BigDecimal("1.0"));
    assertThat(adapter.toJson(read)).isEqualTo(json);
  }
}
