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
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the generated sealed interfaces marked {@link Union}. With a discriminator,
 * the variant is the one whose discriminator property admits the value read; without one, it is
 * told by the JSON's shape (string, number, boolean, array, object) and, among several objects,
 * by {@link UnionVariants#score}. A value no variant admits is kept whole in the {@link
 * Union.Unknown} record and written back unchanged; a value that a variant admits but cannot
 * read fails with that variant's error, so a broken response is not silently called unknown.
 */
final class UnionAdapterFactory implements JsonAdapter.Factory {
  @Override
  public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
    if (!annotations.isEmpty()) {
      return null;
    }
    Class<?> raw = Types.getRawType(type);
    Union union = raw.getAnnotation(Union.class);
    if (union == null || !raw.isSealed()) {
      return null;
    }
    return new UnionAdapter(raw, union.discriminator(), moshi).nullSafe();
  }

  /** One permitted record of a union: the record, its single component and how to build it. */
  static final class Variant {
    final Class<?> record;
    final RecordComponent component;
    final Constructor<?> constructor;
    final Type valueType;

    Variant(Class<?> record) {
      this.record = record;
      RecordComponent[] components = record.getRecordComponents();
      if (components == null || components.length != 1) {
        throw new IllegalArgumentException(record + " is not a record with one component");
      }
      this.component = components[0];
      this.valueType = component.getGenericType();
      try {
        this.constructor = record.getDeclaredConstructor(component.getType());
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(record + " has no canonical constructor", e);
      }
    }

    Object wrap(@Nullable Object value) {
      try {
        return constructor.newInstance(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build " + record.getName(), e);
      }
    }

    @Nullable Object unwrap(Object variant) {
      try {
        return component.getAccessor().invoke(variant);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + record.getName(), e);
      }
    }
  }

  private static final class UnionAdapter extends JsonAdapter<Object> {
    private final Class<?> union;
    private final String discriminator;
    private final Moshi moshi;
    private final List<Variant> variants = new ArrayList<>();
    private final Variant unknown;

    UnionAdapter(Class<?> union, String discriminator, Moshi moshi) {
      this.union = union;
      this.discriminator = discriminator;
      this.moshi = moshi;
      Variant unknownVariant = null;
      for (Class<?> permitted : union.getPermittedSubclasses()) {
        Variant variant = new Variant(permitted);
        if (permitted.isAnnotationPresent(Union.Unknown.class)) {
          unknownVariant = variant;
        } else {
          variants.add(variant);
        }
      }
      if (unknownVariant == null) {
        throw new IllegalArgumentException(union + " has no record marked @Union.Unknown");
      }
      this.unknown = unknownVariant;
    }

    @Override
    public Object fromJson(JsonReader reader) throws IOException {
      try {
        return read(reader);
      } catch (java.io.EOFException e) {
        throw JsonTree.endedEarly(reader, e);
      }
    }

    private Object read(JsonReader reader) throws IOException {
      JsonReader.Token token = reader.peek();
      List<Variant> candidates = new ArrayList<>();
      for (Variant variant : variants) {
        if (UnionVariants.admitsToken(variant.valueType, token)) {
          candidates.add(variant);
        }
      }
      if (!discriminator.isEmpty() && token == JsonReader.Token.BEGIN_OBJECT) {
        String tag = tag(reader.peekJson());
        if (tag != null) {
          List<Variant> tagged = new ArrayList<>();
          List<Variant> untagged = new ArrayList<>();
          for (Variant variant : candidates) {
            Set<String> tags = UnionVariants.tags(variant.valueType, discriminator);
            if (tags.contains(tag)) {
              tagged.add(variant);
            } else if (tags.isEmpty()) {
              untagged.add(variant);
            }
          }
          candidates = tagged.isEmpty() ? untagged : tagged;
        }
      }
      if (candidates.isEmpty()) {
        return unknown.wrap(JsonTree.read(reader));
      }
      if (candidates.size() > 1) {
        Object tree = JsonTree.read(reader.peekJson());
        candidates = UnionVariants.ranked(candidates, tree);
        if (candidates.isEmpty()) {
          return unknown.wrap(JsonTree.read(reader));
        }
      }
      JsonDataException failure = null;
      for (int i = 0; i < candidates.size() - 1; i++) {
        Variant variant = candidates.get(i);
        try {
          Object value = moshi.adapter(variant.valueType).fromJson(reader.peekJson());
          reader.skipValue();
          return variant.wrap(value);
        } catch (JsonDataException e) {
          failure = e;
        }
      }
      Variant last = candidates.get(candidates.size() - 1);
      try {
        return last.wrap(moshi.adapter(last.valueType).fromJson(reader));
      } catch (JsonDataException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        throw e;
      }
    }

    private @Nullable String tag(JsonReader object) throws IOException {
      object.beginObject();
      while (object.hasNext()) {
        if (object.nextName().equals(discriminator) && object.peek() == JsonReader.Token.STRING) {
          return object.nextString();
        }
        object.skipValue();
      }
      return null;
    }

    @Override
    public void toJson(JsonWriter writer, Object value) throws IOException {
      if (unknown.record.isInstance(value)) {
        moshi.adapter(Object.class).toJson(writer, unknown.unwrap(value));
        return;
      }
      for (Variant variant : variants) {
        if (variant.record.isInstance(value)) {
          moshi.adapter(variant.valueType).toJson(writer, variant.unwrap(value));
          return;
        }
      }
      throw new JsonDataException(value.getClass().getName() + " is not a variant of " + union.getName()
          + " at " + writer.getPath());
    }

    @Override
    public String toString() {
      return "UnionAdapter(" + union.getName() + ")";
    }
  }

  static String jsonName(RecordComponent component) {
    Json json = component.getAnnotation(Json.class);
    return json == null ? component.getName() : json.name();
  }

  static Comparator<Map.Entry<Variant, Integer>> byScore() {
    return Map.Entry.<Variant, Integer>comparingByValue().reversed();
  }
}
