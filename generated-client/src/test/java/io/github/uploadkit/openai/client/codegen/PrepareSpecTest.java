package io.github.uploadkit.openai.client.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** src/codegen/PrepareSpec.java, run as the build runs it, on a small document. */
class PrepareSpecTest {
  private static final String SPEC = """
      openapi: 3.1.0
      info: {title: t, version: '1'}
      paths:
        /things:
          post:
            operationId: createThing
            requestBody:
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/CreateThing'}
            responses:
              '200':
                description: ok
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Thing'}
      components:
        schemas:
          CreateThing:
            type: object
            properties:
              mode: {type: string, enum: [fast, slow]}
              kind: {$ref: '#/components/schemas/Kind'}
              query:
                anyOf:
                  - {type: string}
                  - {type: string, enum: [auto]}
              shape: {title: The thing, type: object, properties: {x: {type: string}}}
              size: {$ref: '#/components/schemas/Size'}
          Thing:
            type: object
            description: "A `thing`; see [the guide](/docs/guides/things) & <b>this</b>, @since \\"now\\".\\n\\n- one\\n- two"
            required: [id, note]
            properties:
              id: {type: string}
              kind: {$ref: '#/components/schemas/Kind'}
              type: {type: string, enum: [thing]}
              note: {type: [string, 'null']}
              status: {type: string, enum: ['on', 'off'], x-request-only: true}
          Kind: {type: string, enum: [a, b]}
          Size:
            anyOf:
              - {title: size, type: object, properties: {n: {type: integer}}}
              - {type: 'null'}
          TheThing: {type: object}
      """;

  @Test
  void marksEnumsByUsageFillsFixedValuesAndMakesJavadoc(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("spec.yaml"), SPEC);
    Path out = dir.resolve("prepared.json");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "src/codegen/PrepareSpec.java", in.toString(), out.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    JsonNode schemas = new ObjectMapper().readTree(out.toFile()).path("components").path("schemas");
    JsonNode thing = schemas.path("Thing");
    assertThat(schemas.path("CreateThing").path("properties").path("mode").path("x-request-only").asBoolean()).isTrue();
    assertThat(thing.path("properties").path("status").has("x-request-only")).as("a hand marker is dropped").isFalse();
    assertThat(schemas.path("Kind").has("x-request-only")).as("sent and received").isFalse();
    assertThat(thing.path("properties").path("type").path("x-fixed-value").asBoolean()).isTrue();
    assertThat(thing.path("required").toString()).isEqualTo("[\"id\"]");
    assertThat(thing.path("properties").path("note").path("x-present-nullable").asBoolean()).isTrue();
    assertThat(schemas.path("CreateThing").path("properties").path("query").toString()).isEqualTo("{\"type\":\"string\"}");
    assertThat(schemas.path("CreateThing").path("properties").path("shape").has("title"))
        .as("an inline title spelling another component's name").isFalse();
    assertThat(schemas.path("Size").path("anyOf").path(0).path("title").asText()).as("its own name").isEqualTo("size");
    assertThat(thing.path("description").asText()).isEqualTo("A {@code thing}; see "
        + "<a href='https://platform.openai.com/docs/guides/things'>the guide</a> &amp; &lt;b&gt;this&lt;/b&gt;, "
        + "&#64;since &quot;now&quot;. <ul><li>one <li>two </ul>");
  }
}
