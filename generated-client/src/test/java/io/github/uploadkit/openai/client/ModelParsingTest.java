package io.github.uploadkit.openai.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.CreateUploadRequest;
import io.github.uploadkit.openai.client.model.ErrorResponse;
import io.github.uploadkit.openai.client.model.FileExpirationAfter;
import io.github.uploadkit.openai.client.model.ListFilesResponse;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.client.model.UploadPart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated models parse the API's bodies, including ones from a newer server. */
class ModelParsingTest {
  final OpenAiClient client = OpenAiClient.builder().apiKey("sk-test-model").build();
  final JsonAdapter<Upload> uploads = client.moshi().adapter(Upload.class);

  @Test
  void parsesTheSpecsCompletedUploadWithItsFile() throws Exception {
    Upload upload = uploads.fromJson("""
        {"id":"upload_abc123","object":"upload","bytes":2147483648,"created_at":1719184911,
         "filename":"training_examples.jsonl","purpose":"fine-tune","status":"completed",
         "expires_at":1719127296,"file":{"id":"file-xyz321","object":"file","bytes":2147483648,
         "created_at":1719186911,"filename":"training_examples.jsonl","purpose":"fine-tune",
         "status":"uploaded"}}""");

    assertThat(upload.status()).isEqualTo(Upload.StatusEnum.COMPLETED);
    assertThat(upload.object()).isEqualTo(Upload.ObjectEnum.UPLOAD);
    assertThat(upload.bytes()).isEqualTo(2_147_483_648L);
    OpenAIFile file = upload.file();
    assertThat(file.id()).isEqualTo("file-xyz321");
    assertThat(file.purpose()).isEqualTo(OpenAIFile.PurposeEnum.FINE_TUNE);
    assertThat(file.status()).isEqualTo(OpenAIFile.StatusEnum.UPLOADED);
    assertThat(file.expiresAt()).isNull();
  }

  @Test
  void toleratesNullOrAbsentFileUnknownFieldsAndUnknownEnumValues() throws Exception {
    Upload upload = uploads.fromJson("""
        {"id":"upload_1","bytes":5,"created_at":1,"filename":"a.txt","purpose":"something_new",
         "status":"archived","expires_at":2,"brand_new_field":{"nested":[1,2,3]}}""");
    assertThat(upload.file()).isNull();
    assertThat(upload.status()).isEqualTo(Upload.StatusEnum.UNKNOWN);
    assertThat(upload.purpose()).isEqualTo("something_new");

    OpenAIFile file = client.moshi().adapter(OpenAIFile.class).fromJson("""
        {"id":"file-1","object":"file","bytes":5,"created_at":1,"filename":"a","purpose":"new_kind",
         "status":"processed","expires_at":99}""");
    assertThat(file.purpose()).isEqualTo(OpenAIFile.PurposeEnum.UNKNOWN);
    assertThat(file.expiresAt()).isEqualTo(99L);
  }

  @Test
  void requestOnlyEnumsHaveExactlyTheAcceptedValuesAndRefuseOthers() {
    assertThat(CreateUploadRequest.PurposeEnum.values()).extracting(CreateUploadRequest.PurposeEnum::value)
        .containsExactly("assistants", "batch", "fine-tune", "vision", "user_data", "evals");
    assertThat(FileExpirationAfter.AnchorEnum.values()).hasSize(1);
    assertThatThrownBy(() -> CreateUploadRequest.PurposeEnum.fromValue("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' is not a value of purpose");
  }

  @Test
  void aResponseWithoutARequiredFieldIsRefusedNamingIt() {
    assertThatThrownBy(() -> client.moshi().adapter(UploadPart.class).fromJson(
        "{\"object\":\"upload.part\",\"created_at\":1,\"upload_id\":\"upload_1\"}"))
        .isInstanceOf(com.squareup.moshi.JsonDataException.class)
        .hasMessage("Required value 'id' missing or null at $");
    assertThatThrownBy(() -> client.moshi().adapter(ErrorResponse.class).fromJson(
        "{\"error\":{\"message\":\"m\",\"param\":null,\"code\":null}}"))
        .hasMessage("Required value 'type' missing or null at $.error");
  }

  @Test
  void valuesAreImmutableWithEqualityAndReadableToString() throws Exception {
    List<String> ids = new ArrayList<>(List.of("part_1", "part_2"));
    CompleteUploadRequest request = CompleteUploadRequest.builder().partIds(ids).build();
    ids.add("part_3");

    assertThat(request.partIds()).containsExactly("part_1", "part_2");
    assertThatThrownBy(() -> request.partIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(request).isEqualTo(request.toBuilder().build()).hasSameHashCodeAs(request.toBuilder().build());
    assertThat(request.toString()).contains("part_1", "part_2");
    assertThat(request.toBuilder().md5("abc").build()).isNotEqualTo(request);
  }

  @Test
  void builderRefusesAMissingRequiredField() {
    assertThatThrownBy(() -> UploadPart.builder().id("part_1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("UploadPart.created_at is required but was not set");
  }

  @Test
  void propertiesTheSchemaDoesNotDeclareAreKeptAndWrittenBack() throws Exception {
    String json = "{\"id\":\"part_1\",\"object\":\"upload.part\",\"created_at\":1,\"upload_id\":\"upload_1\","
        + "\"added_later\":{\"n\":1.50}}";

    UploadPart part = client.moshi().adapter(UploadPart.class).fromJson(json);

    assertThat(part.additionalProperties()).containsOnlyKeys("added_later");
    assertThat(client.moshi().adapter(UploadPart.class).toJson(part)).isEqualTo(json);
  }

  @Test
  void aFileIsWrittenAsTheApisObjectWithUnknownPropertiesFlattenedByEitherMoshi() throws Exception {
    String known = "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":3,\"created_at\":1,\"filename\":\"a.png\","
        + "\"purpose\":\"vision\",\"status\":\"processed\"";
    for (com.squareup.moshi.Moshi moshi : List.of(client.moshi(), OpenAiClient.moshiBuilder().build())) {
      JsonAdapter<OpenAIFile> files = moshi.adapter(OpenAIFile.class);

      OpenAIFile plain = files.fromJson(known + "}");
      assertThat(files.toJson(plain)).isEqualTo(known + "}");
      assertThat(files.indent("  ").toJson(plain)).doesNotContain("additionalProperties");
      OpenAIFile extra = files.fromJson(known + ",\"added_later\":{\"n\":1.50}}");
      assertThat(extra.additionalProperties()).containsOnlyKeys("added_later");
      assertThat(files.toJson(extra)).isEqualTo(known + ",\"added_later\":{\"n\":1.50}}");
      assertThat(files.toJson(plain.toBuilder().build())).isEqualTo(known + "}");
    }
  }

  @Test
  void aRequiredNullableFieldIsSentAsNullAndMayBeReadMissing() throws Exception {
    JsonAdapter<ListFilesResponse> pages = client.moshi().adapter(ListFilesResponse.class);
    ListFilesResponse empty = ListFilesResponse.builder().object("list").data(List.of()).hasMore(false).build();

    assertThat(pages.toJson(empty))
        .isEqualTo("{\"object\":\"list\",\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}");
    assertThat(pages.fromJson("{\"object\":\"list\",\"data\":[],\"has_more\":false}")).isEqualTo(empty);
  }

  @Test
  void builderFillsInAFieldThatHasOnePossibleValue() throws Exception {
    UploadPart part = UploadPart.builder().id("part_1").createdAt(1L).uploadId("upload_1").build();

    assertThat(part.object()).isEqualTo(UploadPart.ObjectEnum.UPLOAD_PART);
    assertThat(client.moshi().adapter(UploadPart.class).toJson(part))
        .isEqualTo("{\"id\":\"part_1\",\"object\":\"upload.part\",\"created_at\":1,\"upload_id\":\"upload_1\"}");
  }

  @Test
  void anUnknownEnumValueCannotBeSentBack() {
    Upload upload = Upload.builder().id("u").createdAt(1L).filename("f").bytes(1L).purpose("batch")
        .status(Upload.StatusEnum.UNKNOWN).expiresAt(2L).build();
    assertThatThrownBy(() -> uploads.toJson(upload))
        .hasMessageContaining("StatusEnum.UNKNOWN has no JSON value");
  }
}
