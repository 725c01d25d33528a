package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.http.Part;

/**
 * Sends the fields of a multipart request that are not files the way the API reads them (as in
 * its curl examples: {@code -F purpose=batch}, {@code -F "include[]=logprobs"},
 * {@code -F expires_after[anchor]=created_at}): a string, number, boolean or enum as a plain text
 * part, never JSON-quoted; an object as one part per member, named {@code field[member]}; a list
 * as one part per element, named {@code field[]}; nested alike, nulls left out. Retrofit turns
 * each {@code @Part("name")} argument into one body with {@link #converters}; an object or a list
 * becomes a placeholder holding its JSON value, which {@link #expansion} replaces by its parts.
 * A field marked {@link FormFieldType} (the spec's {@code encoding} names its content type) is one
 * part of that type instead: its JSON when the type is JSON, else its text.
 */
final class FormFields {
  private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

  private FormFields() {
  }

  /** Converts {@code @Part("name")} arguments with the client's Moshi, so enums and unions keep their wire form. */
  static Converter.Factory converters(Moshi moshi) {
    return new Converter.Factory() {
      @Override
      public Converter<?, RequestBody> requestBodyConverter(Type type, Annotation[] parameterAnnotations,
          Annotation[] methodAnnotations, Retrofit retrofit) {
        boolean part = false;
        MediaType declared = null;
        for (Annotation annotation : parameterAnnotations) {
          part |= annotation instanceof Part;
          if (annotation instanceof FormFieldType fieldType) {
            declared = MediaType.get(fieldType.value());
          }
        }
        if (!part) {
          return null;
        }
        JsonAdapter<Object> adapter = moshi.adapter(type);
        if (declared == null) {
          return value -> body(adapter.toJsonValue(value));
        }
        MediaType contentType = declared;
        boolean json = contentType.subtype().toLowerCase(java.util.Locale.ROOT).contains("json");
        return value -> {
          Object jsonValue = adapter.toJsonValue(value);
          boolean scalar = !(jsonValue instanceof Map<?, ?> || jsonValue instanceof List<?>);
          return RequestBody.create(json || !scalar ? adapter.toJson(value) : text(jsonValue), contentType);
        };
      }
    };
  }

  /** Replaces each placeholder part of a multipart request by the parts it stands for. */
  static Interceptor expansion() {
    return chain -> {
      Request request = chain.request();
      if (!(request.body() instanceof MultipartBody multipart)
          || multipart.parts().stream().noneMatch(part -> part.body() instanceof Placeholder)) {
        return chain.proceed(request);
      }
      MultipartBody.Builder expanded = new MultipartBody.Builder(multipart.boundary()).setType(multipart.type());
      for (MultipartBody.Part part : multipart.parts()) {
        if (part.body() instanceof Placeholder placeholder) {
          flatten(fieldName(part), placeholder.value, expanded::addFormDataPart);
        } else {
          expanded.addPart(part);
        }
      }
      return chain.proceed(request.newBuilder().method(request.method(), expanded.build()).build());
    };
  }

  private static RequestBody body(Object json) {
    if (json instanceof Map<?, ?> || json instanceof List<?> || json == null) {
      return new Placeholder(json);
    }
    return RequestBody.create(text(json), (MediaType) null);
  }

  static void flatten(String name, Object json, BiConsumer<String, String> field) {
    if (json instanceof Map<?, ?> map) {
      map.forEach((key, value) -> flatten(name + "[" + key + "]", value, field));
    } else if (json instanceof List<?> list) {
      list.forEach(element -> flatten(name + "[]", element, field));
    } else if (json != null) {
      field.accept(name, text(json));
    }
  }

  private static String text(Object scalar) {
    if (scalar instanceof Double || scalar instanceof Float) {
      return BigDecimal.valueOf(((Number) scalar).doubleValue()).toPlainString();
    }
    if (scalar instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return String.valueOf(scalar);
  }

  private static String fieldName(MultipartBody.Part part) {
    String disposition = part.headers() == null ? null : part.headers().get("Content-Disposition");
    Matcher matcher = NAME.matcher(disposition == null ? "" : disposition);
    if (!matcher.find()) {
      throw new IllegalStateException("a multipart field without a name: " + disposition);
    }
    return matcher.group(1);
  }

  /** An object or list field, waiting to be split into its parts by {@link #expansion}. */
  private static final class Placeholder extends RequestBody {
    final Object value;

    Placeholder(Object value) {
      this.value = value;
    }

    @Override
    public MediaType contentType() {
      return null;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      throw new IOException("a multipart field holding an object or a list is split into one field per member"
          + " by OpenAiClient; send the call through a client made by OpenAiClient.builder()");
    }
  }
}
