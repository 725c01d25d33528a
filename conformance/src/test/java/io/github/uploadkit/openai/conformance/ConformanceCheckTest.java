package io.github.uploadkit.openai.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.client.internal.Internals;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The conformance check: the whole official OpenAI document was generated with the client's
 * templates and compiled by this module's build (javac fails the build on any file that does not
 * compile); this test counts what was generated and compiled, then round-trips every JSON
 * response example of the document's {@code x-oaiMeta} through the generated type of its
 * operation with the client's own Moshi. It prints the counts and every failing example with its
 * reason, and fails below 100% compiled or below 95% of the examples round-tripping. An example
 * that contradicts its own schema (it lacks a property the schema requires, or has an enum value
 * or a JSON type the schema does not allow) is one the client rightly refuses: it is listed
 * apart, with the reason, and not counted.
 *
 * <p>The document is {@code ../shared/openai-openapi/openapi.yaml} beside the project, or
 * {@code -Dofficial=PATH_OR_URL}; without either the check is skipped and says so.
 */
class ConformanceCheckTest {
  private static final double REQUIRED_ROUND_TRIPS = 0.95;
  private static final String API_PACKAGE = "io.github.uploadkit.openai.conformance.api";

  @Test
  void theWholeDocumentCompilesAndItsResponseExamplesRoundTrip() throws Exception {
    String spec = System.getProperty("conformance.spec", "");
    if (Boolean.parseBoolean(System.getProperty("conformance.skip", "true"))) {
      String message = "Conformance check skipped: no official OpenAI document at " + spec
          + " (run with -Dofficial=PATH_OR_URL to check one)";
      System.out.println(message);
      Assumptions.abort(message);
    }
    Path generated = Path.of(System.getProperty("conformance.generated"));
    Path classes = Path.of(System.getProperty("conformance.classes"));
    int sources = 0;
    List<String> notCompiled = new ArrayList<>();
    try (Stream<Path> files = Files.walk(generated)) {
      for (Path source : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        sources++;
        Path relative = generated.relativize(source);
        Path compiled = classes.resolve(relative.toString().replaceAll("\\.java$", ".class"));
        if (!Files.exists(compiled)) {
          notCompiled.add(relative.toString());
        }
      }
    }
    ResponseExamples document = ResponseExamples.read(spec);
    Map<String, Type> responseTypes = responseTypes(classes);
    Moshi moshi = Internals.moshi().build();

    int json = 0;
    int notJson = 0;
    List<String> untyped = new ArrayList<>();
    List<String> contradicting = new ArrayList<>();
    int passed = 0;
    List<String> failures = new ArrayList<>();
    for (ResponseExamples.Example example : document.examples()) {
      if (example.json() == null) {
        notJson++;
        continue;
      }
      Type type = responseTypes.get(key(example.operationId()));
      if (type == null) {
        untyped.add(example.label());
        continue;
      }
      json++;
      String problem = RoundTrip.check(moshi, type, example.json());
      String contradiction = problem == null ? null : RoundTrip.contradiction(problem);
      if (problem == null) {
        passed++;
      } else if (contradiction != null) {
        contradicting.add(example.label() + " " + contradiction + ": " + problem);
      } else {
        failures.add(example.label() + " as " + type.getTypeName().replace(API_PACKAGE.replace(".api", ".model.") , "")
            + ": " + problem);
      }
    }

    int compiled = sources - notCompiled.size();
    double compiledShare = sources == 0 ? 0 : (double) compiled / sources;
    int followingSchema = json - contradicting.size();
    double passedShare = followingSchema == 0 ? 0 : (double) passed / followingSchema;
    System.out.println("Conformance check of " + document.title() + " (" + spec + ")");
    System.out.printf(Locale.ROOT, "  compiled:      %d of %d generated files (%.1f%%)%n", compiled, sources,
        100 * compiledShare);
    System.out.printf(Locale.ROOT, "  operations:    %d, %d with a JSON response type%n", document.operations(),
        responseTypes.size());
    System.out.printf(Locale.ROOT, "  examples:      %d response examples, %d JSON, %d not one JSON value"
        + " (event streams, placeholders: not checked), %d for operations without a JSON response (not checked)%n",
        document.examples().size(), json, notJson, untyped.size());
    System.out.printf(Locale.ROOT, "  contradicting: %d JSON examples contradict their own schema (a required property"
        + " missing, an enum value or a JSON type the schema does not allow; the client refuses such a response:"
        + " listed, not counted)%n", contradicting.size());
    System.out.printf(Locale.ROOT, "  round-tripped: %d of %d JSON examples that follow their schema (%.1f%%; at least %.0f%% required)%n",
        passed, followingSchema, 100 * passedShare, 100 * REQUIRED_ROUND_TRIPS);
    System.out.printf(Locale.ROOT, "  all JSON:      %d of %d JSON examples round-trip, counting those that contradict"
        + " their schema (%.1f%%)%n", passed, json, json == 0 ? 0 : 100.0 * passed / json);
    for (String name : notCompiled) {
      System.out.println("  NOT COMPILED " + name);
    }
    for (String label : untyped) {
      System.out.println("  NOT CHECKED " + label + ": the operation declares no JSON response, so no type reads it");
    }
    for (String example : contradicting) {
      System.out.println("  CONTRADICTS " + example);
    }
    for (String failure : failures) {
      System.out.println("  FAILED " + failure);
    }
    assertTrue(!notCompiled.isEmpty() || sources > 0, "nothing was generated in " + generated);
    assertTrue(notCompiled.isEmpty(), notCompiled.size() + " generated files did not compile");
    assertTrue(passedShare >= REQUIRED_ROUND_TRIPS, String.format(Locale.ROOT,
        "%.1f%% of the JSON response examples round-trip, below %.0f%% (%d of %d)",
        100 * passedShare, 100 * REQUIRED_ROUND_TRIPS, passed, followingSchema));
  }

  /** An operationId as the generator turns it into a method name, compared without case or separators. */
  private static String key(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  /** operationId (as {@link #key}) to the type a generated method's {@code Call<T>} yields, for JSON responses. */
  private static Map<String, Type> responseTypes(Path classes) throws IOException, ClassNotFoundException {
    Map<String, Type> types = new HashMap<>();
    Path apis = classes.resolve(API_PACKAGE.replace('.', '/'));
    try (Stream<Path> files = Files.list(apis)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> api = Class.forName(API_PACKAGE + "." + name.substring(0, name.length() - ".class".length()));
        for (Method method : api.getMethods()) {
          if (method.getGenericReturnType() instanceof ParameterizedType call
              && call.getRawType().getTypeName().equals("retrofit2.Call")) {
            Type type = call.getActualTypeArguments()[0];
            String typeName = type.getTypeName();
            if (!typeName.equals("java.lang.Void") && !typeName.equals("okhttp3.ResponseBody")) {
              types.putIfAbsent(key(method.getName()), type);
            }
          }
        }
      }
    }
    return types;
  }
}
