package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Values kept exactly as the JSON had them: {@link BigDecimal} (the spec's {@code number}) is
 * read from the number's own digits and written back with them, and a free-form {@code Object}
 * (metadata, JSON Schema parameters, arbitrary values) is read with {@link JsonTree}, so that
 * {@code 1.0} stays {@code 1.0} and a large integer keeps every digit.
 */
final class LosslessValuesFactory implements JsonAdapter.Factory {
  @Override
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    if (type == BigDecimal.class) {
      return new DecimalAdapter().nullSafe();
    }
    if (type == Object.class) {
      return new TreeAdapter(moshi.nextAdapter(this, type, annotations));
    }
    return null;
  }

  private static final class DecimalAdapter extends JsonAdapter<BigDecimal> {
    @Override
    public BigDecimal fromJson(JsonReader reader) throws IOException {
      String digits = reader.nextString();
      try {
        return new BigDecimal(digits);
      } catch (NumberFormatException e) {
        throw new com.squareup.moshi.JsonDataException("Expected a number but was '" + digits + "' at "
            + reader.getPath());
      }
    }

    @Override
    public void toJson(JsonWriter writer, BigDecimal value) throws IOException {
      writer.value(value);
    }

    @Override
    public String toString() {
      return "JsonAdapter(BigDecimal)";
    }
  }

  private static final class TreeAdapter extends JsonAdapter<Object> {
    private final JsonAdapter<Object> writes;

    TreeAdapter(JsonAdapter<Object> writes) {
      this.writes = writes;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      return JsonTree.read(reader);
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      writes.toJson(writer, value);
    }

    @Override
    public String toString() {
      return "JsonAdapter(Object, lossless)";
    }
  }
}
