package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes generated models that have an {@link AdditionalProperties} component: the
 * properties the model declares go through Moshi's record adapter, every other one is kept, with
 * its value exactly as read ({@link JsonTree}), in that component, and written back after the
 * declared ones. A property the server adds later thus survives a read and a write. A component
 * marked {@link Present} is written as {@code null} when it has none; the other nulls are left out.
 */
final class AdditionalPropertiesAdapterFactory implements JsonAdapter.Factory {
  @Override
  public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    Class<?> raw = Types.getRawType(type);
    if (!annotations.isEmpty() || !raw.isRecord()) {
      return null;
    }
    RecordComponent[] components = raw.getRecordComponents();
    int extras = -1;
    for (int i = 0; i < components.length; i++) {
      if (components[i].isAnnotationPresent(AdditionalProperties.class)) {
        extras = i;
      }
    }
    if (extras < 0) {
      return null;
    }
    return new ExtrasAdapter(raw, components, extras, moshi.nextAdapter(this, type, annotations)).nullSafe();
  }

  private static final class ExtrasAdapter extends JsonAdapter<Object> {
    private final Class<?> record;
    private final RecordComponent[] components;
    private final int extras;
    private final String extrasName;
    private final Set<String> declared = new HashSet<>();
    private final Set<String> present = new java.util.LinkedHashSet<>();
    private final Constructor<?> constructor;
    private final JsonAdapter<Object> delegate;

    ExtrasAdapter(Class<?> record, RecordComponent[] components, int extras, JsonAdapter<Object> delegate) {
      this.record = record;
      this.components = components;
      this.extras = extras;
      this.extrasName = UnionAdapterFactory.jsonName(components[extras]);
      for (int i = 0; i < components.length; i++) {
        if (i != extras) {
          declared.add(UnionAdapterFactory.jsonName(components[i]));
        }
        if (components[i].isAnnotationPresent(Present.class)) {
          present.add(UnionAdapterFactory.jsonName(components[i]));
        }
      }
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
      }
      try {
        this.constructor = record.getDeclaredConstructor(types);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(record + " has no canonical constructor", e);
      }
      this.delegate = delegate;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      String path = reader.getPath();
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new JsonDataException("Expected BEGIN_OBJECT but was " + reader.peek() + " at path " + path);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) JsonTree.read(reader);
      Map<String, Object> known = new LinkedHashMap<>();
      Map<String, Object> other = new LinkedHashMap<>();
      for (Map.Entry<String, Object> property : object.entrySet()) {
        (declared.contains(property.getKey()) ? known : other).put(property.getKey(), property.getValue());
      }
      Object value;
      try {
        value = delegate.fromJsonValue(known);
      } catch (JsonDataException e) {
        throw new JsonDataException(path.equals("$") ? e.getMessage() : e.getMessage().replace(" $", " " + path), e);
      }
      return other.isEmpty() || value == null ? value : with(value, other);
    }

    private Object with(Object value, Map<String, Object> other) {
      Object[] arguments = new Object[components.length];
      try {
        for (int i = 0; i < components.length; i++) {
          arguments[i] = i == extras ? other : components[i].getAccessor().invoke(value);
        }
        return constructor.newInstance(arguments);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build " + record.getName(), e);
      }
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) delegate.toJsonValue(value);
      object.remove(extrasName);
      Map<?, ?> other;
      try {
        other = (Map<?, ?>) components[extras].getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + record.getName(), e);
      }
      if (other != null) {
        for (Map.Entry<?, ?> property : other.entrySet()) {
          object.putIfAbsent(String.valueOf(property.getKey()), property.getValue());
        }
      }
      for (String name : present) {
        object.putIfAbsent(name, null);
      }
      boolean serializeNulls = writer.getSerializeNulls();
      writer.setSerializeNulls(true);
      try {
        writer.jsonValue(object);
      } finally {
        writer.setSerializeNulls(serializeNulls);
      }
    }

    @Override
    public String toString() {
      return delegate + ".keepingAdditionalProperties(" + record.getSimpleName() + ")";
    }
  }
}
