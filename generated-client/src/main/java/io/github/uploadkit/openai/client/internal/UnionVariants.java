package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Types;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the variants of a {@link Union} admit, worked out from their Java types: the JSON shapes
 * each can read, the discriminator values each declares (the constants of its discriminator
 * property's enum), and how well each fits a given JSON object.
 */
final class UnionVariants {
  /** A score meaning "cannot be this variant". */
  static final int NO = Integer.MIN_VALUE;

  private UnionVariants() {
  }

  static boolean admitsToken(Type type, JsonReader.Token token) {
    switch (token) {
      case NULL:
        return true;
      case BEGIN_OBJECT:
        return admits(type, new LinkedHashMap<>(), 0);
      case BEGIN_ARRAY:
        return admits(type, new ArrayList<>(), 0);
      case STRING:
        return admits(type, "", 0);
      case NUMBER:
        return admits(type, java.math.BigDecimal.ZERO, 0);
      case BOOLEAN:
        return admits(type, Boolean.TRUE, 0);
      default:
        return false;
    }
  }

  /** Whether a value of the given JSON kind (only its kind is looked at) can be read as {@code type}. */
  private static boolean admits(Type type, Object kind, int depth) {
    Class<?> raw = Types.getRawType(type);
    if (raw == Object.class) {
      return true;
    }
    if (kind instanceof Map) {
      if (raw.isRecord() || Map.class.isAssignableFrom(raw)) {
        return true;
      }
      return isUnion(raw) && depth < 16 && anyVariantAdmits(raw, kind, depth);
    }
    if (kind instanceof List) {
      if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
        return true;
      }
      return isUnion(raw) && depth < 16 && anyVariantAdmits(raw, kind, depth);
    }
    if (kind instanceof String) {
      if (raw == String.class || raw.isEnum()) {
        return true;
      }
      return isUnion(raw) && depth < 16 && anyVariantAdmits(raw, kind, depth);
    }
    if (kind instanceof Number) {
      if (Number.class.isAssignableFrom(raw) || raw == int.class || raw == long.class || raw == double.class
          || raw == float.class) {
        return true;
      }
      return isUnion(raw) && depth < 16 && anyVariantAdmits(raw, kind, depth);
    }
    if (kind instanceof Boolean) {
      if (raw == Boolean.class || raw == boolean.class) {
        return true;
      }
      return isUnion(raw) && depth < 16 && anyVariantAdmits(raw, kind, depth);
    }
    return false;
  }

  private static boolean anyVariantAdmits(Class<?> union, Object kind, int depth) {
    for (Class<?> permitted : union.getPermittedSubclasses()) {
      if (!permitted.isAnnotationPresent(Union.Unknown.class)
          && admits(valueType(permitted), kind, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnion(Class<?> raw) {
    return raw.isAnnotationPresent(Union.class) && raw.isSealed();
  }

  private static Type valueType(Class<?> variantRecord) {
    return variantRecord.getRecordComponents()[0].getGenericType();
  }

  /** The discriminator values a variant declares: its property's enum constants, through nested unions. */
  static Set<String> tags(Type type, String discriminator) {
    Set<String> tags = new HashSet<>();
    collectTags(Types.getRawType(type), discriminator, tags, 0);
    return tags;
  }

  private static void collectTags(Class<?> raw, String discriminator, Set<String> tags, int depth) {
    if (depth > 16) {
      return;
    }
    if (raw.isRecord()) {
      for (RecordComponent component : raw.getRecordComponents()) {
        if (UnionAdapterFactory.jsonName(component).equals(discriminator) && component.getType().isEnum()) {
          tags.addAll(constants(component.getType()));
        }
      }
    } else if (isUnion(raw)) {
      for (Class<?> permitted : raw.getPermittedSubclasses()) {
        if (!permitted.isAnnotationPresent(Union.Unknown.class)) {
          collectTags(Types.getRawType(valueType(permitted)), discriminator, tags, depth + 1);
        }
      }
    }
  }

  private static Set<String> constants(Class<?> enumType) {
    Set<String> names = new HashSet<>();
    for (Object constant : enumType.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      if (name.equals(OpenEnumAdapterFactory.UNKNOWN)) {
        continue;
      }
      try {
        Json json = enumType.getField(name).getAnnotation(Json.class);
        names.add(json == null ? name : json.name());
      } catch (NoSuchFieldException e) {
        throw new AssertionError(e);
      }
    }
    return names;
  }

  /** The candidates that can hold {@code tree}, best first; none when none can. */
  static List<UnionAdapterFactory.Variant> ranked(List<UnionAdapterFactory.Variant> candidates, Object tree) {
    List<Map.Entry<UnionAdapterFactory.Variant, Integer>> scored = new ArrayList<>();
    for (UnionAdapterFactory.Variant variant : candidates) {
      int score = score(variant.valueType, tree, 0);
      if (score != NO) {
        scored.add(Map.entry(variant, score));
      }
    }
    scored.sort(UnionAdapterFactory.byScore());
    List<UnionAdapterFactory.Variant> ranked = new ArrayList<>();
    for (Map.Entry<UnionAdapterFactory.Variant, Integer> entry : scored) {
      ranked.add(entry.getKey());
    }
    return ranked;
  }

  /**
   * How well {@code value} (a {@link JsonTree}) fits {@code type}: {@link #NO} when it cannot (wrong
   * shape, a required property missing, an enum property holding a value the enum lacks), else
   * higher for more properties the type knows and lower for each it does not.
   */
  static int score(Type type, Object value, int depth) {
    if (value == null) {
      return 0;
    }
    Class<?> raw = Types.getRawType(type);
    if (raw == Object.class) {
      return 0;
    }
    if (depth > 32) {
      return 0;
    }
    if (isUnion(raw)) {
      int best = NO;
      for (Class<?> permitted : raw.getPermittedSubclasses()) {
        if (!permitted.isAnnotationPresent(Union.Unknown.class)) {
          best = Math.max(best, score(valueType(permitted), value, depth + 1));
        }
      }
      return best;
    }
    if (!admits(type, value, depth)) {
      return NO;
    }
    if (raw.isEnum() && value instanceof String) {
      return constants(raw).contains(value) ? 1 : NO;
    }
    if (value instanceof List<?> list && type instanceof ParameterizedType parameterized) {
      Type element = parameterized.getActualTypeArguments()[0];
      int total = 0;
      for (Object item : list) {
        int score = score(element, item, depth + 1);
        if (score == NO) {
          return NO;
        }
        total += score;
      }
      return total;
    }
    if (value instanceof Map<?, ?> object && raw.isRecord()) {
      return scoreRecord(raw, object, depth);
    }
    return 0;
  }

  private static int scoreRecord(Class<?> record, Map<?, ?> object, int depth) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent component : record.getRecordComponents()) {
      components.put(UnionAdapterFactory.jsonName(component), component);
      if (component.isAnnotationPresent(Required.class)
          && object.get(UnionAdapterFactory.jsonName(component)) == null) {
        return NO;
      }
    }
    int score = 0;
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      RecordComponent component = components.get(String.valueOf(entry.getKey()));
      if (component == null) {
        score -= 10;
        continue;
      }
      int fit = score(component.getGenericType(), entry.getValue(), depth + 1);
      if (fit == NO) {
        return NO;
      }
      score += 2 + Math.min(fit, 1000);
    }
    return score;
  }
}
