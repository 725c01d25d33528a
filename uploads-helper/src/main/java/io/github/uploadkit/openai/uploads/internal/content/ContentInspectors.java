package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.Purpose;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chooses the checks for a purpose and MIME type, and runs several as one. */
public final class ContentInspectors {
  /**
   * The leading bytes the type is told by, and what the checks run over before an Upload is
   * created ({@code HeadCheck}).
   */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(ContentInspectors.class.getName());
  private static final boolean TIKA = isPresent("org.apache.tika.Tika");

  private static final Set<String> JSONL = Set.of("text/jsonl", "application/jsonl", "application/x-ndjson");
  private static final Set<String> BINARY = Set.of("application/pdf", "image/png", "image/jpeg", "image/gif",
      "image/webp", "application/msword", "application/zip", "application/x-tar");
  private static final Map<String, String[]> OOXML = Map.of(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", new String[] {"word/", "Word document"},
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      new String[] {"ppt/", "PowerPoint presentation"},
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", new String[] {"xl/", "Excel workbook"});
  private static final Set<String> TEXT_APPLICATION = Set.of("application/json", "application/x-sh",
      "application/typescript", "application/csv", "application/xml");

  private ContentInspectors() {
  }

  /**
   * The checks for an upload, or null when there are none for its purpose and type;
   * {@code type} is a bare MIME type (lowercase, no parameters).
   */
  public static ContentInspector forUpload(Purpose purpose, String type) {
    List<ContentInspector> checks = new ArrayList<>();
    if (JSONL.contains(type)) {
      checks.add(new JsonlInspector(switch (purpose) {
        case BATCH -> new JsonlRules.Batch();
        case FINE_TUNE -> new FineTuneRule();
        default -> JsonlRules.ANY_OBJECT;
      }));
    }
    if (purpose == Purpose.ASSISTANTS && (type.startsWith("text/") || TEXT_APPLICATION.contains(type))) {
      checks.add(new TextEncodingInspector());
    }
    if (purpose == Purpose.VISION && type.equals("image/gif")) {
      checks.add(new GifInspector());
    }
    if (BINARY.contains(type) || OOXML.containsKey(type)) {
      if (TIKA) {
        String[] ooxml = OOXML.get(type);
        checks.add(new MagicTypeInspector(type, ooxml == null ? null : ooxml[0], ooxml == null ? null : ooxml[1]));
      } else {
        LOG.log(System.Logger.Level.INFO, "type detection from the bytes is skipped: add org.apache.tika:tika-core");
      }
    }
    return checks.isEmpty() ? null : checks.size() == 1 ? checks.get(0) : new All(checks);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ContentInspectors.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Several checks over the same bytes; their problems in the order the checks were given. */
  private static final class All implements ContentInspector {
    private final List<ContentInspector> checks;

    All(List<ContentInspector> checks) {
      this.checks = checks;
    }

    @Override
    public void accept(ByteBuffer chunk) {
      checks.forEach(check -> check.accept(chunk));
    }

    @Override
    public boolean failed() {
      return checks.stream().anyMatch(ContentInspector::failed);
    }

    @Override
    public ContentReport found() {
      return combined(checks.stream().map(ContentInspector::found).toList());
    }

    @Override
    public ContentReport finish() {
      return combined(checks.stream().map(ContentInspector::finish).toList());
    }

    private static ContentReport combined(List<ContentReport> reports) {
      List<ContentReport.Problem> problems = new ArrayList<>();
      long count = 0;
      long lines = 0;
      for (ContentReport report : reports) {
        report.problems().stream().limit(ContentReport.MAX_LISTED - problems.size()).forEach(problems::add);
        count += report.problemCount();
        lines = Math.max(lines, report.lines());
      }
      return new ContentReport(problems, count, lines);
    }
  }
}
