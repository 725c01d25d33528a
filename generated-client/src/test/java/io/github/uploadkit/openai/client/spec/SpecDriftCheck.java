package io.github.uploadkit.openai.client.spec;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The drift check: compares {@code openapi/openai-uploads.yaml} with the official OpenAI OpenAPI
 * document at a path or URL, prints each difference, and marks those that
 * {@code openapi/intended-deviations.yaml} explains, and each entry of that file that explains
 * nothing any more (stale). Exit 0 when only intended differences remain, 1 when any other is
 * found or an entry is stale, 2 when a document cannot be read.
 *
 * <pre>
 * mvn -B -q -pl generated-client test-compile exec:java@drift -Dofficial=PATH_OR_URL
 * </pre>
 */
public final class SpecDriftCheck {
  private SpecDriftCheck() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 3 || args[0].isBlank() || args[0].startsWith("${")) {
      err.println("usage: SpecDriftCheck OFFICIAL_PATH_OR_URL SUBSET_PATH DEVIATIONS_PATH"
          + " (with Maven: -Dofficial=PATH_OR_URL)");
      return 2;
    }
    try {
      OpenAPI official = parse(args[0]);
      OpenAPI subset = parse(args[1]);
      Deviations deviations = Deviations.read(Path.of(args[2]));
      List<SpecDrift.Difference> differences = SpecDrift.compare(official, subset);
      int unexplained = 0;
      List<Deviations.Entry> reasons = new java.util.ArrayList<>();
      for (SpecDrift.Difference difference : differences) {
        Deviations.Entry entry = deviations.explain(difference);
        if (entry == null) {
          unexplained++;
          out.println("DRIFT     " + difference);
        } else {
          if (!reasons.contains(entry)) {
            reasons.add(entry);
          }
          out.println("intended  " + difference + " [" + (reasons.indexOf(entry) + 1) + "]");
        }
      }
      for (int i = 0; i < reasons.size(); i++) {
        out.println("[" + (i + 1) + "] " + reasons.get(i).reason());
      }
      List<Deviations.Entry> stale = deviations.stale(differences);
      for (Deviations.Entry entry : stale) {
        out.println("STALE     " + entry + ": matches no difference; remove it from " + args[2]);
      }
      out.printf("%d operations of the subset compared with %s %s: %d difference(s), %d intended, %d not%s%n",
          subset.getPaths().values().stream().mapToInt(item -> item.readOperations().size()).sum(),
          official.getInfo().getTitle(), official.getInfo().getVersion(), differences.size(),
          differences.size() - unexplained, unexplained, stale.isEmpty() ? "" : "; " + stale.size() + " stale deviation(s)");
      return unexplained == 0 && stale.isEmpty() ? 0 : 1;
    } catch (IOException e) {
      err.println("drift check: " + e.getMessage());
      return 2;
    }
  }

  /** Reads a document from a path or an http(s) URL, keeping its {@code $ref}s. */
  static OpenAPI parse(String location) throws IOException {
    boolean url = location.startsWith("http://") || location.startsWith("https://");
    if (!url && !Files.isRegularFile(Path.of(location))) {
      throw new IOException(location + " is not a file (give the official openapi.yaml by path or URL)");
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    SwaggerParseResult result = new OpenAPIV3Parser().readLocation(url ? location : Path.of(location).toUri().toString(),
        null, options);
    if (result.getOpenAPI() == null || result.getOpenAPI().getPaths() == null) {
      throw new IOException(location + " is not an OpenAPI document: " + result.getMessages());
    }
    return result.getOpenAPI();
  }
}
