package io.github.uploadkit.openai.client.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift check against small official-like documents written by each test. */
class SpecDriftCheckTest {
  private static final String DOCUMENT = """
      openapi: 3.1.0
      info: {title: OpenAI API, version: 2.3.0}
      paths:
        /uploads:
          post:
            operationId: createUpload
            requestBody:
              required: true
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/CreateUploadRequest'}
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Upload'}
        /uploads/{upload_id}/cancel:
          post:
            operationId: cancelUpload
            parameters:
              - {name: upload_id, in: path, required: true, schema: {type: string}}
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Upload'}
      components:
        schemas:
          CreateUploadRequest:
            type: object
            required: [filename, purpose, bytes, mime_type]
            properties:
              filename: {type: string}
              purpose: {type: string, enum: [assistants, batch, fine-tune, vision]}
              bytes: {type: integer}
              mime_type: {type: string}
          Upload:
            type: object
            required: [id, status]
            properties:
              id: {type: string}
              status: {type: string, enum: [pending, completed, cancelled, expired]}
              file:
                anyOf:
                  - {$ref: '#/components/schemas/OpenAIFile'}
                  - {type: 'null'}
          OpenAIFile:
            type: object
            required: [id, bytes]
            properties:
              id: {type: string}
              bytes: {type: integer}
      """;

  @TempDir
  Path dir;
  Path deviations;

  @BeforeEach
  void noDeviations() throws IOException {
    deviations = write("deviations.yaml", "deviations: []\n");
  }

  @Test
  void identicalDocumentsHaveNoDifference() throws IOException {
    Result result = check(DOCUMENT, DOCUMENT);
    assertThat(result.code).isZero();
    assertThat(result.out).contains("2 operations of the subset compared with OpenAI API 2.3.0: 0 difference(s)");
  }

  @Test
  void aRenamedFieldIsReportedOnBothSides() throws IOException {
    Result result = check(DOCUMENT, DOCUMENT.replace("mime_type", "mimetype"));
    assertThat(result.code).isEqualTo(1);
    assertThat(result.out)
        .contains("DRIFT     createUpload request.mime_type: field-only-in-official")
        .contains("DRIFT     createUpload request.mimetype: field-only-in-subset")
        .contains("DRIFT     createUpload request: required-only-in-official (mime_type)");
  }

  @Test
  void aNewEnumValueInTheOfficialDocumentIsReported() throws IOException {
    Result result = check(DOCUMENT.replace("expired]", "expired, archived]"), DOCUMENT);
    assertThat(result.code).isEqualTo(1);
    assertThat(result.out).contains("DRIFT     createUpload response 200.status: enum-value-only-in-official (archived)")
        .contains("DRIFT     cancelUpload response 200.status: enum-value-only-in-official (archived)");
  }

  @Test
  void aChangedTypeOrFormatIsReported() throws IOException {
    Result result = check(DOCUMENT, DOCUMENT.replace("bytes: {type: integer}\n        mime_type",
        "bytes: {type: string}\n        mime_type").replace("bytes: {type: integer}\n", "bytes: {type: integer, format: int64}\n"));
    assertThat(result.code).isEqualTo(1);
    assertThat(result.out).contains("DRIFT     createUpload request.bytes: type-changed (official integer, subset string)")
        .contains("DRIFT     createUpload response 200.file.bytes: format-changed (official (none), subset int64)");
  }

  @Test
  void anIntendedDeviationIsShownWithItsReasonAndPasses() throws IOException {
    deviations = write("deviations.yaml", """
        deviations:
          - kind: enum-value-only-in-subset
            location: "* request.purpose"
            detail: user_data
            reason: the API accepts it
          - kind: response-only-in-subset
            location: "*"
            reason: errors are part of the contract
        """);
    String subset = DOCUMENT.replace("vision]}", "vision, user_data]}").replace("""
                    schema: {$ref: '#/components/schemas/Upload'}
      components:""", """
                    schema: {$ref: '#/components/schemas/Upload'}
              4XX: {description: refused}
      components:""");
    Result result = check(DOCUMENT, subset);
    assertThat(result.code).as(result.out).isZero();
    assertThat(result.out)
        .contains("intended  createUpload request.purpose: enum-value-only-in-subset (user_data) [1]")
        .contains("intended  cancelUpload response 4XX: response-only-in-subset [2]")
        .contains("[1] the API accepts it").contains("[2] errors are part of the contract")
        .contains("2 difference(s), 2 intended, 0 not");
  }

  @Test
  void aWildcardDeviationHidesOnlyTheDifferenceItNames() throws IOException {
    deviations = write("deviations.yaml", """
        deviations:
          - kind: format-changed
            location: "*"
            detail: official (none), subset int64
            reason: byte counts are int64
        """);
    String subset = DOCUMENT.replace("bytes: {type: integer}", "bytes: {type: integer, format: int64}");
    assertThat(check(DOCUMENT, subset).out).contains("3 difference(s), 3 intended, 0 not");

    Result result = check(DOCUMENT.replace("bytes: {type: integer}\n        mime_type",
        "bytes: {type: integer, format: int32}\n        mime_type"), subset);

    assertThat(result.code).isEqualTo(1);
    assertThat(result.out)
        .contains("DRIFT     createUpload request.bytes: format-changed (official int32, subset int64)")
        .contains("intended  createUpload response 200.file.bytes: format-changed (official (none), subset int64) [1]");
  }

  @Test
  void aChangeOfNullabilityIsReported() throws IOException {
    String nullableStatus = DOCUMENT.replace("status: {type: string, enum: [pending, completed, cancelled, expired]}",
        "status: {type: [string, 'null'], enum: [pending, completed, cancelled, expired]}");
    String fileNotNullable = DOCUMENT.replace("        file:\n          anyOf:\n            - {$ref: '#/components/schemas/OpenAIFile'}\n"
        + "            - {type: 'null'}", "        file:\n          $ref: '#/components/schemas/OpenAIFile'");
    String fileNullableByAllOf = DOCUMENT.replace("            - {type: 'null'}",
        "            - {nullable: true, description: null until completed}").replace("anyOf:", "allOf:");
    assertThat(fileNotNullable).isNotEqualTo(DOCUMENT);
    assertThat(fileNullableByAllOf).isNotEqualTo(DOCUMENT);

    assertThat(check(DOCUMENT, nullableStatus).out)
        .contains("DRIFT     createUpload response 200.status: nullable-changed (official not nullable, subset nullable)");
    assertThat(check(DOCUMENT, fileNotNullable).out)
        .contains("DRIFT     cancelUpload response 200.file: nullable-changed (official nullable, subset not nullable)");
    assertThat(check(fileNullableByAllOf, DOCUMENT).out).contains("0 difference(s)");
  }

  @Test
  void aDeviationThatMatchesNothingIsReportedStale() throws IOException {
    deviations = write("deviations.yaml", """
        deviations:
          - kind: enum-value-only-in-subset
            location: "createUpload request.purpose"
            detail: user_data
            reason: the API accepts it
        """);

    Result result = check(DOCUMENT, DOCUMENT);

    assertThat(result.code).isEqualTo(1);
    assertThat(result.out)
        .contains("STALE     enum-value-only-in-subset at createUpload request.purpose (user_data): matches no difference")
        .contains("0 difference(s), 0 intended, 0 not; 1 stale deviation(s)");
  }

  @Test
  void aDeviationWithoutAReasonOrAMissingDocumentIsAnError() throws IOException {
    deviations = write("deviations.yaml", "deviations:\n  - {kind: type-changed, location: '*'}\n");
    assertThat(check(DOCUMENT, DOCUMENT).err).contains("every deviation needs a 'reason'");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpecDriftCheck.run(new String[] {dir.resolve("absent.yaml").toString(), write("s.yaml", DOCUMENT).toString(),
        deviations.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.yaml is not a file");
  }

  private record Result(int code, String out, String err) {
  }

  private Result check(String official, String subset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpecDriftCheck.run(new String[] {write("official.yaml", official).toString(),
        write("subset.yaml", subset).toString(), deviations.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
