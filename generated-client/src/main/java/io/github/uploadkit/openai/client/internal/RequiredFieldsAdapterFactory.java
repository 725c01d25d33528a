package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads generated models and refuses one whose {@link Required} component is missing or null,
 * with the field's JSON name and where it was, so that a response the spec forbids fails at
 * once instead of a null turning up later.
 */
final class RequiredFieldsAdapterFactory implements JsonAdapter.Factory {
  @Override
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    Class<?> raw = Types.getRawType(type);
    if (!annotations.isEmpty() || !raw.isRecord()) {
      return null;
    }
    List<RecordComponent> required = new ArrayList<>();
    for (RecordComponent component : raw.getRecordComponents()) {
      if (component.isAnnotationPresent(Required.class)) {
        required.add(component);
      }
    }
    if (required.isEmpty()) {
      return null;
    }
    JsonAdapter<Object> delegate = moshi.nextAdapter(this, type, annotations);
    return new JsonAdapter<Object>() {
      @Override
      public Object fromJson(JsonReader reader) throws IOException {
        String path = reader.getPath();
        Object value = delegate.fromJson(reader);
        if (value != null) {
          for (RecordComponent component : required) {
            if (get(component, value) == null) {
              Json json = component.getAnnotation(Json.class);
              throw new JsonDataException("Required value '" + (json == null ? component.getName() : json.name())
                  + "' missing or null at " + path);
            }
          }
        }
        return value;
      }

      @Override
      public void toJson(JsonWriter writer, Object value) throws IOException {
        delegate.toJson(writer, value);
      }

      @Override
      public String toString() {
        return delegate + ".requiring(" + raw.getSimpleName() + ")";
      }
    };
  }

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }
}
