package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.Purpose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MIME types each purpose accepts, by extension: the API's published tables, as data in one
 * place. The first type listed for an extension is the one inferred from it.
 */
final class MimeTypes {
  private static final List<String> JSONL = List.of("text/jsonl", "application/jsonl", "application/x-ndjson");

  /** Extension (without dot) to its MIME types, over every purpose. */
  private static final Map<String, List<String>> BY_EXTENSION = new LinkedHashMap<>();
  private static final Map<Purpose, Set<String>> EXTENSIONS = new EnumMap<>(Purpose.class);

  static {
    type("jsonl", JSONL);
    // assistants, file search
    type("c", "text/x-c");
    type("cpp", "text/x-c++");
    type("cs", "text/x-csharp");
    type("css", "text/css");
    type("doc", "application/msword");
    type("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    type("go", "text/x-golang");
    type("html", "text/html");
    type("java", "text/x-java");
    type("js", "text/javascript");
    type("json", "application/json");
    type("md", "text/markdown");
    type("pdf", "application/pdf");
    type("php", "text/x-php");
    type("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    type("py", "text/x-python", "text/x-script.python");
    type("rb", "text/x-ruby");
    type("sh", "application/x-sh");
    type("tex", "text/x-tex");
    type("ts", "application/typescript");
    type("txt", "text/plain");
    // assistants with code interpreter
    type("csv", "text/csv", "application/csv");
    type("pkl", "application/octet-stream");
    type("tar", "application/x-tar");
    type("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    type("xml", "application/xml", "text/xml");
    type("zip", "application/zip");
    // images
    type("png", "image/png");
    type("jpg", "image/jpeg");
    type("jpeg", "image/jpeg");
    type("webp", "image/webp");
    type("gif", "image/gif");

    EXTENSIONS.put(Purpose.BATCH, Set.of("jsonl"));
    EXTENSIONS.put(Purpose.FINE_TUNE, Set.of("jsonl"));
    EXTENSIONS.put(Purpose.EVALS, Set.of("jsonl"));
    EXTENSIONS.put(Purpose.VISION, Set.of("png", "jpg", "jpeg", "webp", "gif"));
    EXTENSIONS.put(Purpose.ASSISTANTS, Set.of("c", "cpp", "cs", "css", "doc", "docx", "go", "html",
        "java", "js", "json", "md", "pdf", "php", "pptx", "py", "rb", "sh", "tex", "ts", "txt",
        "csv", "pkl", "tar", "xlsx", "xml", "zip", "png", "jpg", "jpeg", "gif"));
    // user_data: any type
  }

  private MimeTypes() {
  }

  private static void type(String extension, String... types) {
    type(extension, List.of(types));
  }

  private static void type(String extension, List<String> types) {
    BY_EXTENSION.put(extension, types);
  }

  /** The lowercase extension of a filename without the dot, or "" when it has none. */
  public static String extension(String filename) {
    int dot = filename.lastIndexOf('.');
    return dot <= 0 || dot == filename.length() - 1 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The MIME types known for an extension, empty when it is unknown. */
  public static List<String> typesFor(String extension) {
    return BY_EXTENSION.getOrDefault(extension, List.of());
  }

  /** Whether the purpose takes any MIME type. */
  public static boolean acceptsAny(Purpose purpose) {
    return !EXTENSIONS.containsKey(purpose);
  }

  /** The extensions a purpose accepts, sorted; empty when it accepts any. */
  public static Set<String> extensionsFor(Purpose purpose) {
    return Collections.unmodifiableSet(new TreeSet<>(EXTENSIONS.getOrDefault(purpose, Set.of())));
  }

  /** Whether the purpose accepts the MIME type (parameters such as charset ignored). */
  public static boolean accepts(Purpose purpose, String mimeType) {
    if (acceptsAny(purpose)) {
      return true;
    }
    String bare = bare(mimeType);
    return EXTENSIONS.get(purpose).stream().anyMatch(ext -> typesFor(ext).contains(bare));
  }

  /** The MIME types a purpose accepts, sorted, for messages. */
  public static List<String> typesAccepted(Purpose purpose) {
    Set<String> types = new TreeSet<>();
    EXTENSIONS.getOrDefault(purpose, Set.of()).forEach(ext -> types.addAll(typesFor(ext)));
    return new ArrayList<>(types);
  }

  /** The MIME type without parameters, lowercased: {@code Text/Plain; charset=utf-8} gives {@code text/plain}. */
  public static String bare(String mimeType) {
    int semicolon = mimeType.indexOf(';');
    return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }
}
