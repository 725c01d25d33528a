package io.github.uploadkit.openai.client.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads any JSON value as plain Java values without loss: objects as {@code LinkedHashMap} in
 * their order, arrays as {@code ArrayList}, numbers as {@link BigDecimal} with every digit,
 * strings, booleans and null. Moshi's own reader turns numbers into {@code Double}.
 */
final class JsonTree {
  private JsonTree() {
  }

  /**
   * Reads one value. JSON that ends before the value does (a complete body cut short) fails as
   * malformed JSON, not as an I/O error that a caller might retry.
   */
  static Object read(JsonReader reader) throws IOException {
    try {
      return readValue(reader);
    } catch (EOFException e) {
      throw endedEarly(reader, e);
    }
  }

  /** The malformed-JSON failure for a body that ends before its JSON does. */
  static JsonEncodingException endedEarly(JsonReader reader, EOFException cause) {
    JsonEncodingException malformed = new JsonEncodingException("The JSON ends early, at " + reader.getPath());
    malformed.initCause(cause);
    return malformed;
  }

  private static Object readValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        Map<String, Object> object = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          Object value = readValue(reader);
          if (object.put(name, value) != null) {
            throw new JsonDataException("Duplicate key '" + name + "' at " + reader.getPath());
          }
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY: {
        List<Object> array = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(readValue(reader));
        }
        reader.endArray();
        return array;
      }
      case STRING:
        return reader.nextString();
      case NUMBER:
        return new BigDecimal(reader.nextString());
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        throw new JsonDataException("Expected a JSON value but was " + reader.peek() + " at " + reader.getPath());
    }
  }
}
