package io.github.uploadkit.openai.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * Reads a JSON value into a generated type with the client's Moshi, writes it back and compares
 * the two as JSON trees, where a null property and an absent one are alike and numbers compare
 * by value ({@code 1.0} equals {@code 1}).
 */
final class RoundTrip {
  private RoundTrip() {
  }

  /** Null when the value survives the round trip, else what went wrong. */
  static String check(Moshi moshi, Type type, JsonNode json) {
    String back;
    try {
      JsonAdapter<Object> adapter = moshi.adapter(type);
      Object value = adapter.fromJson(json.toString());
      back = adapter.toJson(value);
    } catch (Exception | StackOverflowError e) {
      return "cannot read or write it: " + e;
    }
    JsonNode again = ResponseExamples.parse(back);
    if (again == null) {
      return "written back as something that is not JSON: " + shorten(back);
    }
    return difference("$", json, again);
  }

  /**
   * What the example does against its own schema when {@code problem} (from {@link #check}) is
   * the client refusing it for that, else null.
   */
  static String contradiction(String problem) {
    if (problem.contains("Required value '") && problem.contains("missing or null")) {
      return "lacks a property its schema requires";
    }
    if (problem.contains("has no JSON value and cannot be sent")) {
      return "has an enum value its schema does not list";
    }
    if (problem.matches("(?s).*JsonDataException: Expected [A-Za-z_ ]+ but was .* at path .*")) {
      return "has a JSON type its schema does not allow";
    }
    return null;
  }

  private static String difference(String path, JsonNode expected, JsonNode actual) {
    boolean expectedNull = expected == null || expected.isNull() || expected.isMissingNode();
    boolean actualNull = actual == null || actual.isNull() || actual.isMissingNode();
    if (expectedNull || actualNull) {
      return expectedNull == actualNull ? null
          : path + ": " + (expectedNull ? "null or absent" : shorten(expected.toString())) + " became "
              + (actualNull ? "null or absent" : shorten(actual.toString()));
    }
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null
          : path + ": " + expected + " became " + actual;
    }
    if (expected.isObject() && actual.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String difference = difference(path + "." + name, expected.get(name), actual.get(name));
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return path + ": " + expected.size() + " items became " + actual.size();
      }
      Iterator<JsonNode> e = expected.elements();
      Iterator<JsonNode> a = actual.elements();
      for (int i = 0; e.hasNext(); i++) {
        String difference = difference(path + "[" + i + "]", e.next(), a.next());
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    return expected.equals(actual) ? null
        : path + ": " + shorten(expected.toString()) + " became " + shorten(actual.toString());
  }

  static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
