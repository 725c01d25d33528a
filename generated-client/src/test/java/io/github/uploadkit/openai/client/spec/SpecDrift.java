package io.github.uploadkit.openai.client.spec;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares the project's subset with the official OpenAPI document, operation by operation (by
 * {@code operationId}): method and path, parameters, request and response schemas, followed
 * through {@code $ref}s: field names, types and formats, nullability (3.0's {@code nullable}, a
 * {@code null} among 3.1's types, a {@code oneOf}/{@code anyOf} with null, anywhere along the
 * {@code $ref}s), required lists, enum values and limits. Descriptions, examples and vendor
 * extensions are not compared.
 */
@SuppressWarnings("rawtypes") // swagger-parser's model hands out raw Schema maps and lists
final class SpecDrift {
  /** One difference: where ({@code operationId} and a path into it), what kind, and the detail. */
  record Difference(String location, String kind, String detail) {
    @Override
    public String toString() {
      return location + ": " + kind + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  private static final List<Function<Schema<?>, Object>> LIMITS = List.of(Schema::getMinimum, Schema::getMaximum,
      Schema::getExclusiveMinimumValue, Schema::getExclusiveMaximumValue, Schema::getMinLength, Schema::getMaxLength,
      Schema::getMinItems, Schema::getMaxItems, Schema::getPattern);
  private static final List<String> LIMIT_NAMES = List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
      "minLength", "maxLength", "minItems", "maxItems", "pattern");

  private final OpenAPI official;
  private final OpenAPI subset;
  private final List<Difference> differences = new ArrayList<>();
  private final Set<String> visited = new HashSet<>();

  private SpecDrift(OpenAPI official, OpenAPI subset) {
    this.official = official;
    this.subset = subset;
  }

  /** Every difference of {@code subset} from {@code official}, in the subset's order. */
  static List<Difference> compare(OpenAPI official, OpenAPI subset) {
    SpecDrift drift = new SpecDrift(official, subset);
    drift.run();
    return drift.differences;
  }

  private void run() {
    Map<String, Located> officialOps = operations(official);
    operations(subset).forEach((id, mine) -> {
      Located theirs = officialOps.get(id);
      if (theirs == null) {
        add(id, "operation-only-in-subset", mine.method + " " + mine.path);
        return;
      }
      if (!theirs.method.equals(mine.method)) {
        add(id, "method-changed", "official " + theirs.method + ", subset " + mine.method);
      }
      if (!theirs.path.equals(mine.path)) {
        add(id, "path-changed", "official " + theirs.path + ", subset " + mine.path);
      }
      compareParameters(id, theirs.operation, mine.operation);
      compareContent(id + " request", theirs.operation.getRequestBody() == null ? null
          : theirs.operation.getRequestBody().getContent(), mine.operation.getRequestBody() == null ? null
          : mine.operation.getRequestBody().getContent());
      compareResponses(id, theirs.operation, mine.operation);
    });
  }

  private record Located(String method, String path, Operation operation) {
  }

  private static Map<String, Located> operations(OpenAPI api) {
    Map<String, Located> operations = new LinkedHashMap<>();
    if (api.getPaths() == null) {
      return operations;
    }
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      if (operation.getOperationId() != null) {
        operations.put(operation.getOperationId(), new Located(method.name(), path, operation));
      }
    }));
    return operations;
  }

  private void compareParameters(String id, Operation theirs, Operation mine) {
    Map<String, Parameter> theirParameters = parameters(official, theirs);
    Map<String, Parameter> myParameters = parameters(subset, mine);
    for (String key : union(theirParameters.keySet(), myParameters.keySet())) {
      Parameter a = theirParameters.get(key);
      Parameter b = myParameters.get(key);
      String where = id + " parameter " + key;
      if (a == null || b == null) {
        add(where, a == null ? "parameter-only-in-subset" : "parameter-only-in-official", "");
        continue;
      }
      if (Boolean.TRUE.equals(a.getRequired()) != Boolean.TRUE.equals(b.getRequired())) {
        add(where, "required-changed", "official " + a.getRequired() + ", subset " + b.getRequired());
      }
      compareSchema(where, a.getSchema(), b.getSchema());
    }
  }

  private static Map<String, Parameter> parameters(OpenAPI api, Operation operation) {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    if (operation.getParameters() != null) {
      for (Parameter parameter : operation.getParameters()) {
        Parameter resolved = parameter;
        if (parameter.get$ref() != null) {
          resolved = api.getComponents().getParameters().get(refName(parameter.get$ref()));
        }
        parameters.put(resolved.getIn() + " " + resolved.getName(), resolved);
      }
    }
    return parameters;
  }

  private void compareResponses(String id, Operation theirs, Operation mine) {
    Map<String, ApiResponse> a = theirs.getResponses() == null ? Map.of() : theirs.getResponses();
    Map<String, ApiResponse> b = mine.getResponses() == null ? Map.of() : mine.getResponses();
    for (String code : union(a.keySet(), b.keySet())) {
      String where = id + " response " + code;
      if (!a.containsKey(code) || !b.containsKey(code)) {
        add(where, a.containsKey(code) ? "response-only-in-official" : "response-only-in-subset", "");
        continue;
      }
      compareContent(where, response(official, a.get(code)).getContent(), response(subset, b.get(code)).getContent());
    }
  }

  private static ApiResponse response(OpenAPI api, ApiResponse response) {
    return response.get$ref() == null ? response : api.getComponents().getResponses().get(refName(response.get$ref()));
  }

  private void compareContent(String where, Content a, Content b) {
    if (a == null || b == null) {
      if (a != b) {
        add(where, a == null ? "body-only-in-subset" : "body-only-in-official", "");
      }
      return;
    }
    for (String type : union(a.keySet(), b.keySet())) {
      MediaType theirs = a.get(type);
      MediaType mine = b.get(type);
      if (theirs == null || mine == null) {
        add(where, theirs == null ? "content-type-only-in-subset" : "content-type-only-in-official", type);
        continue;
      }
      compareSchema(where, theirs.getSchema(), mine.getSchema());
    }
  }

  private void compareSchema(String where, Schema<?> a, Schema<?> b) {
    if (a == null || b == null) {
      if (a != b) {
        add(where, a == null ? "schema-only-in-subset" : "schema-only-in-official", "");
      }
      return;
    }
    String key = where + "|" + a.get$ref() + "|" + b.get$ref();
    if ((a.get$ref() != null || b.get$ref() != null) && !visited.add(key)) {
      return;
    }
    boolean nullableA = nullable(official, a);
    boolean nullableB = nullable(subset, b);
    if (nullableA != nullableB) {
      add(where, "nullable-changed", "official " + (nullableA ? "nullable" : "not nullable") + ", subset "
          + (nullableB ? "nullable" : "not nullable"));
    }
    a = unwrap(official, a);
    b = unwrap(subset, b);
    String typeA = type(a);
    String typeB = type(b);
    if (!Objects.equals(typeA, typeB)) {
      add(where, "type-changed", "official " + typeA + ", subset " + typeB);
      return;
    }
    if (!Objects.equals(a.getFormat(), b.getFormat())) {
      add(where, "format-changed", "official " + orNone(a.getFormat()) + ", subset " + orNone(b.getFormat()));
    }
    compareEnums(where, a, b);
    compareSets(where, required(a), required(b), "required-only-in-official", "required-only-in-subset");
    for (int i = 0; i < LIMITS.size(); i++) {
      Object limitA = LIMITS.get(i).apply(a);
      Object limitB = LIMITS.get(i).apply(b);
      if (!Objects.equals(String.valueOf(limitA), String.valueOf(limitB))) {
        add(where, "limit-changed", LIMIT_NAMES.get(i) + ": official " + orNone(limitA) + ", subset " + orNone(limitB));
      }
    }
    Map<String, Schema> propsA = a.getProperties() == null ? Map.of() : a.getProperties();
    Map<String, Schema> propsB = b.getProperties() == null ? Map.of() : b.getProperties();
    for (String name : union(propsA.keySet(), propsB.keySet())) {
      if (!propsA.containsKey(name) || !propsB.containsKey(name)) {
        add(where + "." + name, propsA.containsKey(name) ? "field-only-in-official" : "field-only-in-subset", "");
      } else {
        compareSchema(where + "." + name, propsA.get(name), propsB.get(name));
      }
    }
    if (a.getItems() != null || b.getItems() != null) {
      compareSchema(where + "[]", a.getItems(), b.getItems());
    }
  }

  private void compareEnums(String where, Schema<?> a, Schema<?> b) {
    compareSets(where, enumValues(a), enumValues(b), "enum-value-only-in-official", "enum-value-only-in-subset");
  }

  private void compareSets(String where, Set<String> a, Set<String> b, String onlyA, String onlyB) {
    for (String value : union(a, b)) {
      if (!a.contains(value)) {
        add(where, onlyB, value);
      } else if (!b.contains(value)) {
        add(where, onlyA, value);
      }
    }
  }

  /** Follows a {@code $ref}, and takes the one non-null choice of a {@code oneOf}/{@code anyOf} with null. */
  private static Schema<?> unwrap(OpenAPI api, Schema<?> schema) {
    for (int depth = 0; depth < 32; depth++) {
      Schema<?> next = step(api, schema);
      if (next == null) {
        return schema;
      }
      schema = next;
    }
    return schema;
  }

  /** Whether null is a value of {@code schema}, at any step of the way {@link #unwrap} follows. */
  private static boolean nullable(OpenAPI api, Schema<?> schema) {
    for (int depth = 0; depth < 32 && schema != null; depth++) {
      if (saysNullable(schema) || (schema.getTypes() != null && schema.getTypes().contains("null"))
          || "null".equals(schema.getType()) || (schema.getEnum() != null && schema.getEnum().contains(null))) {
        return true;
      }
      List<Schema> choices = schema.getOneOf() != null ? schema.getOneOf() : schema.getAnyOf();
      if (choices != null && choices.stream().anyMatch(choice -> "null".equals(type(choice)))) {
        return true;
      }
      if (schema.getAllOf() != null && schema.getAllOf().stream()
          .anyMatch(part -> type(part) == null && saysNullable(part))) {
        return true; // allOf: [$ref, {nullable: true, description: ...}]
      }
      schema = step(api, schema);
    }
    return false;
  }

  /** 3.0's {@code nullable: true}, which swagger-parser keeps as an extension in a 3.1 document. */
  private static boolean saysNullable(Schema<?> schema) {
    return Boolean.TRUE.equals(schema.getNullable())
        || (schema.getExtensions() != null && Boolean.TRUE.equals(schema.getExtensions().get("nullable")));
  }

  /** One step of {@link #unwrap}: the schema {@code schema} stands for, or null when it stands for itself. */
  @SuppressWarnings("unchecked")
  private static Schema<?> step(OpenAPI api, Schema<?> schema) {
    if (schema.get$ref() != null) {
      return api.getComponents().getSchemas().get(refName(schema.get$ref()));
    }
    List<Schema> choices = schema.getOneOf() != null ? schema.getOneOf() : schema.getAnyOf();
    if (choices != null) {
      List<Schema> notNull = choices.stream().filter(choice -> !"null".equals(type(choice))).toList();
      if (notNull.size() == 1) {
        return notNull.get(0);
      }
    }
    if (schema.getAllOf() != null && type(schema) == null) {
      // allOf of one schema and annotations only (nullable, a description): that schema
      List<Schema> real = schema.getAllOf().stream().filter(part -> type(part) != null).toList();
      if (real.size() == 1) {
        return real.get(0);
      }
    }
    return null;
  }

  /** The type without {@code null} (3.0's {@code type} or 3.1's {@code types}); "object" for a bare properties map. */
  static String type(Schema<?> schema) {
    Set<String> types = new TreeSet<>();
    if (schema.getType() != null) {
      types.add(schema.getType());
    }
    if (schema.getTypes() != null) {
      types.addAll(schema.getTypes());
    }
    if (types.size() > 1) {
      types.remove("null");
    }
    if (types.isEmpty()) {
      return schema.getProperties() != null ? "object" : schema.get$ref() != null ? "$ref" : null;
    }
    return String.join("|", types);
  }

  private static Set<String> enumValues(Schema<?> schema) {
    Set<String> values = new TreeSet<>();
    if (schema.getEnum() != null) {
      schema.getEnum().forEach(value -> values.add(String.valueOf(value)));
    }
    values.remove("null");
    return values;
  }

  private static Set<String> required(Schema<?> schema) {
    return schema.getRequired() == null ? Set.of() : new TreeSet<>(schema.getRequired());
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new java.util.LinkedHashSet<>(b);
    all.addAll(a);
    return all;
  }

  private static String orNone(Object value) {
    return value == null ? "(none)" : String.valueOf(value);
  }

  private static String refName(String ref) {
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  private void add(String location, String kind, String detail) {
    differences.add(new Difference(location, kind, detail));
  }
}
