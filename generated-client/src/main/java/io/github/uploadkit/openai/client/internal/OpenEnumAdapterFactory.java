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
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads enums that have an {@code UNKNOWN} constant (all generated ones do) so that a value the
 * server adds later parses as {@code UNKNOWN} instead of failing the whole response.
 */
final class OpenEnumAdapterFactory implements JsonAdapter.Factory {
  static final String UNKNOWN = "UNKNOWN";

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    Class<?> raw = Types.getRawType(type);
    if (!raw.isEnum()) {
      return null;
    }
    return adapterFor((Class) raw);
  }

  private static <E extends Enum<E>> JsonAdapter<E> adapterFor(Class<E> enumType) {
    E unknown = null;
    Map<String, E> byName = new HashMap<>();
    Map<E, String> names = new HashMap<>();
    for (E constant : enumType.getEnumConstants()) {
      if (constant.name().equals(UNKNOWN)) {
        unknown = constant;
        continue;
      }
      String name = jsonName(enumType, constant);
      byName.put(name, constant);
      names.put(constant, name);
    }
    if (unknown == null) {
      return null;
    }
    return new OpenEnumAdapter<>(enumType, byName, names, unknown).nullSafe();
  }

  private static String jsonName(Class<?> enumType, Enum<?> constant) {
    try {
      Json json = enumType.getField(constant.name()).getAnnotation(Json.class);
      return json == null ? constant.name() : json.name();
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  private static final class OpenEnumAdapter<E extends Enum<E>> extends JsonAdapter<E> {
    private final Class<E> enumType;
    private final Map<String, E> byName;
    private final Map<E, String> names;
    private final E unknown;

    OpenEnumAdapter(Class<E> enumType, Map<String, E> byName, Map<E, String> names, E unknown) {
      this.enumType = enumType;
      this.byName = byName;
      this.names = names;
      this.unknown = unknown;
    }

    @Override
    public E fromJson(JsonReader reader) throws IOException {
      String value = reader.nextString();
      return byName.getOrDefault(value, unknown);
    }

    @Override
    public void toJson(JsonWriter writer, E value) throws IOException {
      String name = names.get(value);
      if (name == null) {
        throw new JsonDataException(enumType.getSimpleName() + "." + value.name()
            + " has no JSON value and cannot be sent at " + writer.getPath());
      }
      writer.value(name);
    }

    @Override
    public String toString() {
      return "OpenEnumAdapter(" + enumType.getName() + ")";
    }
  }
}
