package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.Moshi;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * The one way from {@code OpenAiClient} and {@code PartBodies} into this package (besides
 * {@link ErrorResponses}, {@link Redaction}, which the upload library and its tool use too, and
 * the {@link Required}, {@link Present}, {@link Union} and {@link AdditionalProperties}
 * annotations the generated models carry): the pieces an OpenAI client is built from.
 * Everything else here is package-private.
 */
public final class Internals {
  private Internals() {
  }

  /**
   * The Moshi setup: unions read by discriminator or shape, numbers and free-form values kept
   * exactly, tolerant enums for what the server sends, required fields enforced on read,
   * undeclared properties kept.
   */
  public static Moshi.Builder moshi() {
    return new Moshi.Builder()
        .add(new UnionAdapterFactory())
        .add(new LosslessValuesFactory())
        .add(new OpenEnumAdapterFactory())
        .add(new RequiredFieldsAdapterFactory())
        .add(new AdditionalPropertiesAdapterFactory());
  }

  /** Adds auth and the client's headers, only for requests to {@code baseUrl}'s host. */
  public static Interceptor headers(HttpUrl baseUrl, String apiKey, @Nullable String organization,
      @Nullable String project, String userAgent) {
    return new ClientHeadersInterceptor(baseUrl, apiKey, organization, project, userAgent);
  }

  /** Bounds what is read from a response, and checks a typed call's answer is JSON; see {@link ResponseSizeLimit}. */
  public static Interceptor responseSizeLimit() {
    return new ResponseSizeLimit();
  }

  /** Turns {@code @Part("name")} arguments into multipart fields as the API reads them; see {@link FormFields}. */
  public static retrofit2.Converter.Factory formFields(Moshi moshi) {
    return FormFields.converters(moshi);
  }

  /** Splits the object and list fields of a multipart request into one part per member; see {@link FormFields}. */
  public static Interceptor formFieldExpansion() {
    return FormFields.expansion();
  }

  /** A body that streams a region of a file, read again for every write. */
  public static RequestBody fileRegion(Path file, long offset, long length, MediaType type) {
    return new FileRegionRequestBody(file, offset, length, type);
  }
}
