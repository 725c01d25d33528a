package io.github.uploadkit.openai.client.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The add-operations command on small documents written here, and on the official document when
 * it is at {@code ../shared/openai-openapi/openapi.yaml} (or {@code -Dofficial=PATH}).
 */
class AddOperationsTest {
  private static final String OFFICIAL = """
      openapi: 3.1.0
      info: {title: OpenAI API, version: 2.3.0}
      paths:
        /things:
          parameters:
            - $ref: '#/components/parameters/Org'
          post:
            operationId: createThing
            tags: [Things]
            requestBody:
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/CreateThingRequest'}
            responses:
              "200":
                description: OK
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Thing'}
              "404": {$ref: '#/components/responses/NotFound'}
          get:
            operationId: listThings
            tags: [Things]
            responses:
              "200":
                description: OK
        /other:
          get:
            operationId: getOther
            tags: [Other]
            responses:
              "200":
                description: |
                  A literal block,

                  with an empty line.
      components:
        parameters:
          Org: {name: org, in: header, schema: {type: string}}
        responses:
          NotFound:
            description: missing
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Error'}
        schemas:
          CreateThingRequest:
            type: object
            properties:
              shape: {$ref: '#/components/schemas/Shape'}
              mapping: {type: string, description: a property named mapping is not a discriminator's}
          Thing:
            type: object
            required: [id]
            properties:
              id: {type: string}
              parts:
                type: array
                items: {$ref: '#/components/schemas/Part'}
          Part: {type: object, properties: {n: {type: integer}}}
          Shape:
            oneOf:
              - {$ref: '#/components/schemas/Circle'}
            discriminator:
              propertyName: type
              mapping:
                circle: '#/components/schemas/Circle'
                square: Square
          Circle: {type: object, x-oai-beta: true, x-kept: yes, properties: {type: {type: string}, r: {type: number}}}
          Square: {type: object, properties: {type: {type: string}, side: {type: number}}}
          Error: {type: object, properties: {message: {type: string}}}
          Unused: {type: string}
      """;

  private static final String SUBSET = """
      openapi: 3.1.0
      info: {title: subset, version: 2.3.0}
      # a comment that stays
      paths:
        /kept:
          get:
            operationId: getKept
            responses:
              '200': {description: OK}

      components:
        schemas:
          # the subset's own Thing: kept as it is
          Thing:
            type: object
            properties:
              id: {type: string, description: the subset's words}
      """;

  @TempDir
  Path dir;

  @Test
  void copiesTheOperationAndEveryComponentItReaches() throws IOException {
    Path subset = write("subset.yaml", SUBSET);

    Result result = run(write("official.yaml", OFFICIAL), subset, "createThing", "");

    assertThat(result.code).as(result.err).isZero();
    assertThat(result.out).contains("added     createThing (POST /things)")
        .contains("added     parameters/Org").contains("added     responses/NotFound")
        .contains("added     schemas/CreateThingRequest").contains("added     schemas/Shape")
        .contains("added     schemas/Circle").contains("added     schemas/Square").contains("added     schemas/Error")
        .doesNotContain("schemas/Thing").doesNotContain("Part").doesNotContain("Unused").doesNotContain("listThings")
        .doesNotContain("schemas/string")
        .contains("left out  x-oai-beta: extension names OpenAPI reserves (x-oai-*, x-oas-*), which the generator's"
            + " validation refuses");
    String text = Files.readString(subset);
    assertThat(text).doesNotContain("x-oai-beta").contains("x-kept: yes");
    assertThat(text).startsWith(SUBSET.substring(0, SUBSET.indexOf("components:")))
        .contains("# a comment that stays").contains("# the subset's own Thing: kept as it is")
        .contains("id: {type: string, description: the subset's words}")
        .contains("\"200\":").doesNotContain("get:\n      operationId: listThings");
    var parsed = SpecDriftCheck.parse(subset.toString());
    assertThat(parsed.getPaths().get("/things").getPost().getOperationId()).isEqualTo("createThing");
    assertThat(parsed.getPaths().get("/things").getParameters()).hasSize(1);
    assertThat(parsed.getComponents().getSchemas()).containsOnlyKeys("Thing", "CreateThingRequest", "Shape", "Circle",
        "Square", "Error");
  }

  @Test
  void aSecondRunAddsNothingAndChangesNoByte() throws IOException {
    Path official = write("official.yaml", OFFICIAL);
    Path subset = write("subset.yaml", SUBSET);
    assertThat(run(official, subset, "all", "").code).isZero();
    String once = Files.readString(subset);

    Result again = run(official, subset, "all", "");

    assertThat(again.code).isZero();
    assertThat(again.out).contains("nothing to add: the 3 operation(s) asked for are already in");
    assertThat(Files.readString(subset)).isEqualTo(once);
    assertThat(once).contains("description: |\n            A literal block,\n\n            with an empty line.\n");
  }

  @Test
  void aTagSelectsItsOperationsAndAMethodJoinsAnExistingPath() throws IOException {
    Path official = write("official.yaml", OFFICIAL);
    Path subset = write("subset.yaml", SUBSET);
    assertThat(run(official, subset, "createThing", "").code).isZero();

    Result result = run(official, subset, "", "Things");

    assertThat(result.out).contains("kept      createThing (POST /things is already in the subset)")
        .contains("added     listThings (GET /things)");
    var things = SpecDriftCheck.parse(subset.toString()).getPaths().get("/things");
    assertThat(things.getGet().getOperationId()).isEqualTo("listThings");
    assertThat(things.getPost().getOperationId()).isEqualTo("createThing");
  }

  @Test
  void aSubsetWithoutComponentsGetsThem() throws IOException {
    Path subset = write("subset.yaml", SUBSET.substring(0, SUBSET.indexOf("\ncomponents:") + 1));

    assertThat(run(write("official.yaml", OFFICIAL), subset, "createThing", "").code).isZero();

    assertThat(SpecDriftCheck.parse(subset.toString()).getComponents().getSchemas()).containsKeys("Thing", "Part",
        "CreateThingRequest");
  }

  @Test
  void anUnknownOperationOrTagIsRefusedAndTheFileLeftAlone() throws IOException {
    Path subset = write("subset.yaml", SUBSET);

    Result result = run(write("official.yaml", OFFICIAL), subset, "createThing,creatething", "Nope");

    assertThat(result.code).isEqualTo(2);
    assertThat(result.err).contains("not in the official document: creatething, tag Nope")
        .contains("tags are Things, Other");
    assertThat(Files.readString(subset)).isEqualTo(SUBSET);
    assertThat(run(subset, subset, "${operations}", "${tags}").err).startsWith("usage: AddOperations");
  }

  @Test
  void theOfficialDocumentAddsWithoutDriftAndIdempotently() throws IOException {
    Path official = Path.of(System.getProperty("official", "../../shared/openai-openapi/openapi.yaml"));
    Assumptions.assumeTrue(Files.isRegularFile(official),
        "skipped: the official document is not at " + official.toAbsolutePath() + " (give it with -Dofficial=PATH)");
    Path subset = dir.resolve("openai-uploads.yaml");
    Files.copy(Path.of("../openapi/openai-uploads.yaml"), subset);
    List<String> before = Files.readAllLines(subset);

    Result result = run(official, subset, "createBatch,retrieveBatch,downloadFile", "Vector stores");

    assertThat(result.code).as(result.err).isZero();
    assertThat(result.out).contains("added     createBatch (POST /batches)").contains("added     schemas/Batch")
        .contains("kept      downloadFile (GET /files/{file_id}/content is already in the subset)")
        .contains("added     createVectorStore (POST /vector_stores)");
    assertThat(Files.readAllLines(subset)).containsSubsequence(before);
    assertNoDrift(official, subset);

    assertThat(run(official, subset, "all", "").code).isZero();
    assertNoDrift(official, subset);
    var all = SpecDriftCheck.parse(subset.toString());
    assertThat(all.getPaths().values().stream().mapToInt(item -> item.readOperations().size()).sum())
        .isEqualTo(SpecDriftCheck.parse(official.toString()).getPaths().values().stream()
            .mapToInt(item -> item.readOperations().size()).sum());
    String afterAll = Files.readString(subset);
    assertThat(run(official, subset, "all", "").out).contains("nothing to add");
    assertThat(Files.readString(subset)).isEqualTo(afterAll);
  }

  private record Result(int code, String out, String err) {
  }

  /** The drift check, with the project's intended deviations, finds only those and no stale entry. */
  private static void assertNoDrift(Path official, Path subset) {
    ByteArrayOutputStream drift = new ByteArrayOutputStream();
    int code = SpecDriftCheck.run(new String[] {official.toString(), subset.toString(), "../openapi/intended-deviations.yaml"},
        new PrintStream(drift, true, StandardCharsets.UTF_8), System.err);
    String printed = drift.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).doesNotContain("DRIFT").doesNotContain("STALE");
  }

  private Result run(Path official, Path subset, String operations, String tags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AddOperations.run(new String[] {official.toString(), subset.toString(), operations, tags},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
